"""The OpenAPI 3.1 document, generated from the route registry and the pydantic models."""

from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from chalicelib.core import authz
from chalicelib.core.http import PUBLIC, REGISTRY, Endpoint

_PATH_PARAM = re.compile(r"{(\w+)}")

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["code", "message", "details"],
        "properties": {
            "code": {"type": "string", "examples": ["SOCIETY_NOT_FOUND"]},
            "message": {"type": "string", "description": "in Hindi or English, by Accept-Language"},
            "details": {"type": "array", "items": {"type": "object", "properties": {
                "field": {"type": "string"}, "message": {"type": "string"}}}},
            "attempts_left": {"type": "integer", "description": "a wrong or locked OTP: tries left for it"},
            "retry_after": {"type": "integer", "description": "429/503: seconds to wait (as Retry-After)"},
        },
    }},
}

_REASONS = {200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 400: "Bad request",
            401: "Not signed in, or the session is invalid", 403: "Not allowed for this caller",
            404: "Not found", 409: "Conflict (stale version or duplicate)", 413: "Body too large",
            415: "Unsupported media type", 422: "Invalid input; details name the fields",
            429: "Too many requests; see Retry-After",
            503: "The store is too busy to commit now (nothing was saved); try again after Retry-After"}


def _models_of(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """(model, is_list) for `Model` or `list[Model]`."""
    if typing.get_origin(annotation) is list:
        return typing.get_args(annotation)[0], True
    return annotation, False


def document(endpoints: list[Endpoint] | None = None, title: str = "Sahkar Setu API",
             health_paths: bool = True) -> dict:
    endpoints = REGISTRY if endpoints is None else endpoints
    wanted: list[tuple[type[BaseModel], str]] = []
    for ep in endpoints:
        if ep.body:
            wanted.append((ep.body, "validation"))
        if ep.query:
            wanted.append((ep.query, "validation"))
        model, _ = _models_of(ep.response)
        if model:
            wanted.append((model, "serialization"))
    wanted = list(dict.fromkeys(wanted))
    refs, top = models_json_schema(wanted, ref_template="#/components/schemas/{model}")
    schemas = dict(top.get("$defs", {}))
    schemas["Error"] = ERROR_SCHEMA

    paths: dict[str, dict] = {}
    for ep in endpoints:
        paths.setdefault(ep.path, {})[ep.method.lower()] = _operation(ep, refs, schemas)
    if health_paths:
        paths["/health"] = {"get": {"operationId": "health", "summary": "Liveness", "tags": ["meta"],
                                    "responses": {"200": {"description": "OK", "content": {"application/json": {
                                        "schema": {"type": "object", "properties": {
                                            "status": {"type": "string"}, "service": {"type": "string"},
                                            "stage": {"type": "string"}}}}}}}}}
        paths["/openapi.json"] = {"get": {"operationId": "openapi", "summary": "This document", "tags": ["meta"],
                                          "responses": {"200": {"description": "OK", "content": {
                                              "application/json": {"schema": {"type": "object"}}}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "0.1.0",
                 "description": "Cooperative department e-governance: G2C, G2G, G2E. Errors share one shape; "
                                "messages are Hindi by default, English with Accept-Language: en."},
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }


def _operation(ep: Endpoint, refs: dict, schemas: dict) -> dict:
    op: dict[str, Any] = {"operationId": ep.name, "summary": ep.summary, "tags": list(ep.tags)}
    rule = authz.by_route().get((ep.method, ep.path))
    if rule:        # a deciding route: its rule from the authorization table (docs/authorization.md)
        op["description"] = f"Who may: {rule.who}. Missing configuration: {rule.missing}. (rule `{rule.id}`)"
        op["x-authorization"] = {"rule": rule.id, "roles": list(rule.roles), "enforced_by": rule.enforced_by}
    params = [{"name": name, "in": "path", "required": True, "schema": {"type": "string", "maxLength": 64}}
              for name in _PATH_PARAM.findall(ep.path)]
    if ep.query:
        ref = refs[(ep.query, "validation")]["$ref"].rsplit("/", 1)[-1]
        query_schema = schemas.pop(ref, None) or {}
        required = set(query_schema.get("required", []))
        for name, prop in query_schema.get("properties", {}).items():
            params.append({"name": name, "in": "query", "required": name in required, "schema": prop,
                           **({"description": prop["description"]} if "description" in prop else {})})
    if ep.idempotent:
        params.append({"name": "Idempotency-Key", "in": "header", "required": False,
                       "schema": {"type": "string", "maxLength": 128},
                       "description": "a replay with the same key returns the first response"})
    if params:
        op["parameters"] = params
    if ep.body:
        op["requestBody"] = {"required": True, "content": {
            media: {"schema": refs[(ep.body, "validation")]} for media in ep.codec.content_types}}
    if ep.auth != PUBLIC:
        op["security"] = [{"bearer": []}]
    responses: dict[str, Any] = {}
    model, is_list = _models_of(ep.response)
    binary = getattr(ep.codec, "binary_media", None)   # e.g. a PDF; its errors stay JSON
    if binary:
        responses[str(ep.status)] = {"description": _REASONS.get(ep.status, "OK"),
                                     "content": {binary: {"schema": {"type": "string", "format": "binary"}}}}
    elif ep.status == 204 or model is None:
        responses[str(ep.status)] = {"description": _REASONS.get(ep.status, "OK")}
    else:
        schema = refs[(model, "serialization")]
        if is_list:
            schema = {"type": "array", "items": schema}
        responses[str(ep.status)] = {"description": _REASONS.get(ep.status, "OK"),
                                     "content": {media: {"schema": schema} for media in ep.codec.media_types}}
    codes = set(ep.errors)
    if ep.body:
        codes |= {400, 413, 415, 422}
    if ep.query:
        codes |= {400, 422}
    if "{" in ep.path:
        codes |= {422}   # core.guard: a path parameter with a control character or lone surrogate
    if ep.auth != PUBLIC:
        codes |= {401, 403}
    if ep.method in ("POST", "PUT", "PATCH", "DELETE"):
        codes.add(503)          # core.dynamo: a transaction still conflicting after its retries
    error_schema = ep.codec.error_schema or {"$ref": "#/components/schemas/Error"}
    error = {media: {"schema": error_schema} for media in ep.codec.media_types}
    for code in sorted(codes):
        responses[str(code)] = {"description": _REASONS.get(code, "Error"), "content": error}
    responses["default"] = {"description": "Any other error, in the same shape", "content": error}
    op["responses"] = responses
    return op
