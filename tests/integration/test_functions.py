"""Each service deploys alone: its function holds only its own routes and answers API Gateway
REST (v1) proxy events."""

from __future__ import annotations

import json

from functions import identity, notify, societies


def proxy_event(method: str, path: str, resource: str, path_params: dict | None = None, body: dict | None = None,
                query: dict | None = None) -> dict:
    return {
        "resource": resource, "path": path, "httpMethod": method,
        "headers": {"Content-Type": "application/json", "Accept-Language": "en"},
        "multiValueHeaders": {"Content-Type": ["application/json"], "Accept-Language": ["en"]},
        "queryStringParameters": query, "multiValueQueryStringParameters":
            {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": path_params, "stageVariables": None,
        "requestContext": {"resourcePath": resource, "httpMethod": method, "path": f"/dev{path}", "stage": "dev",
                           "requestId": "test-request", "identity": {"sourceIp": "127.0.0.1"}},
        "body": json.dumps(body) if body is not None else None, "isBase64Encoded": False,
    }


class Context:
    function_name = "test"
    aws_request_id = "test-request"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def test_each_function_holds_only_its_service():
    identity_paths = set(identity.app.routes)
    societies_paths = set(societies.app.routes)
    assert "/auth/otp" in identity_paths and "/societies" not in identity_paths
    assert "/societies" in societies_paths and "/auth/otp" not in societies_paths
    assert {"/health", "/openapi.json"} <= identity_paths & societies_paths
    assert notify.app.routes == {}


def test_identity_function_answers_a_proxy_event(sms):
    response = identity.app(proxy_event("POST", "/auth/otp", "/auth/otp", body={"mobile": "9876543210"}), Context())
    assert response["statusCode"] == 202 and json.loads(response["body"])["expires_in"] == 300
    assert len(sms.to("9876543210")) == 1


def test_societies_function_answers_proxy_events():
    response = societies.app(proxy_event("GET", "/geo/districts", "/geo/districts", query={"division": "rewa"}),
                             Context())
    assert response["statusCode"] == 200 and len(json.loads(response["body"])) == 6
    missing = societies.app(proxy_event("GET", "/societies/BPL-2000-00001", "/societies/{reg_no}",
                                        {"reg_no": "BPL-2000-00001"}), Context())
    assert missing["statusCode"] == 404
    assert json.loads(missing["body"])["error"]["message"] == "Society BPL-2000-00001 not found."


def test_function_openapi_covers_only_its_routes():
    response = societies.app(proxy_event("GET", "/openapi.json", "/openapi.json"), Context())
    paths = json.loads(response["body"])["paths"]
    assert "/societies/{reg_no}" in paths and "/auth/otp" not in paths


def test_outbox_sweep_is_a_scheduled_handler():
    event = {"version": "0", "id": "e1", "detail-type": "Scheduled Event", "source": "aws.events",
             "account": "123456789012", "time": "2026-11-23T06:00:00Z", "region": "ap-south-1",
             "resources": [], "detail": {}}
    assert notify.drain_outbox(event, Context()) == {"sent": 0, "failed": 0, "expired": 0}
