"""identity as its own Lambda: sign-in, sessions, staff accounts."""

from chalicelib.core.function import build_app
from chalicelib.identity.api import bp

app = build_app("sahkar-identity", {"identity": bp}, "Sahkar Setu identity API")
