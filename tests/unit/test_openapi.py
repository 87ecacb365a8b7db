"""The OpenAPI document is generated from the code, valid 3.1, and covers every route."""

from __future__ import annotations

from openapi_spec_validator import validate

from app import app
from chalicelib.core.openapi import document


def _chalice_routes(chalice_app) -> set[tuple[str, str]]:
    return {(path, method.lower()) for path, methods in chalice_app.routes.items() for method in methods}


def test_document_is_valid_openapi_3_1():
    spec = document()
    assert spec["openapi"] == "3.1.0"
    validate(spec)


def test_every_route_is_documented_with_schemas():
    spec = document()
    documented = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    assert _chalice_routes(app) == documented
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            assert any(code.startswith("2") for code in op["responses"]), (method, path)
            if path not in ("/health", "/openapi.json"):
                assert "default" in op["responses"], (method, path)


def test_request_and_response_schemas_are_named_components():
    spec = document()
    create = spec["paths"]["/societies"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/SocietyCreate")
    assert create["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].endswith("/SocietyOfficial")
    listing = spec["paths"]["/societies"]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert {"district", "type", "q", "limit", "next"} <= names
    district = next(p for p in listing["parameters"] if p["name"] == "district")
    assert "bhopal" in str(district["schema"])
    assert create["security"] == [{"bearer": []}]
    assert "security" not in listing
