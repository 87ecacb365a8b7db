"""societies as its own Lambda: geography, the public registry, officers' edits."""

from chalicelib.core.function import build_app
from chalicelib.societies.api import bp

app = build_app("sahkar-societies", {"societies": bp}, "Sahkar Setu societies API")
