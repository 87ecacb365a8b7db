"""files (HQ file tracking) as its own Lambda."""

from chalicelib.core.function import build_app
from chalicelib.files.api import bp

app = build_app("sahkar-files", {"files": bp}, "Sahkar Setu file tracking API")
