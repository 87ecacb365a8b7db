"""reports as its own Lambda: e-PACS and service-centre status, the e-PACS conversion report and
the fortnightly review (JSON, and a PDF rendered on demand: its libraries load only then)."""

from chalicelib.core.function import build_app
from chalicelib.reports.api import bp

app = build_app("sahkar-reports", {"reports": bp}, "Sahkar Setu reports API")
