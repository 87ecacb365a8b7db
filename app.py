"""Every service in one Chalice app: the local stack (`chalice local`) and the tests.

In AWS each service is its own Lambda (functions/<service>.py).
"""

from chalicelib.core.function import build_app
from chalicelib.services import route_tables

app = build_app("sahkar-setu", route_tables(), "Sahkar Setu API")
