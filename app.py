"""Every service in one Chalice app: the local stack (`chalice local`) and the tests.

In AWS each service is its own Lambda (functions/<service>.py).
"""

from chalicelib.core.function import build_app
from chalicelib.grievances.api import bp as grievances
from chalicelib.identity.api import bp as identity
from chalicelib.societies.api import bp as societies

app = build_app("sahkar-setu", {"identity": identity, "societies": societies, "grievances": grievances},
                "Sahkar Setu API")
