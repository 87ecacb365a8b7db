"""The deploy's last step, as a CloudFormation custom resource (Custom::Bootstrap, infra/bootstrap.py):
seeds every service's master data and makes the first admin (chalicelib.deploy), on every Create
and Update of the stack, then answers CloudFormation at the presigned ResponseURL it was given.

A failure answers FAILED with the error's type, so the deployment stops and rolls back instead of
leaving a stack without its master data. Delete keeps the data (the tables are retained too).
"""

from __future__ import annotations

import json
import urllib.request

from chalice import Chalice

from chalicelib.core.logs import configure

configure()
app = Chalice(app_name="sahkar-bootstrap")


def _answer(event: dict, status: str, reason: str, data: dict) -> None:
    body = json.dumps({"Status": status, "Reason": reason or status,
                       "PhysicalResourceId": event.get("PhysicalResourceId") or f"{event['StackId']}/bootstrap",
                       "StackId": event["StackId"], "RequestId": event["RequestId"],
                       "LogicalResourceId": event["LogicalResourceId"], "NoEcho": False,
                       "Data": {k: str(v) for k, v in data.items()}}).encode()
    request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT",  # noqa: S310 - CloudFormation's URL
                                     headers={"Content-Type": "", "Content-Length": str(len(body))})
    with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310
        reply.read()


@app.lambda_function(name="deploy")
def deploy(event: dict, context: object) -> dict:
    status, reason, data = "SUCCESS", "", {}
    try:
        if event["RequestType"] in ("Create", "Update"):
            from chalicelib.deploy import bootstrap

            props = event.get("ResourceProperties") or {}
            done = bootstrap(str(props.get("AdminUsername") or "admin"), str(props.get("AdminMobile") or ""))
            data = {"Seeded": sum(done["seeded"].values()), "Admin": done["admin"]}
    except Exception as exc:   # CloudFormation must hear back, or it waits an hour
        status, reason = "FAILED", f"bootstrap failed: {type(exc).__name__}"
        app.log.error("bootstrap failed: %s", type(exc).__name__)
    _answer(event, status, reason, data)
    return {"Status": status, **data}
