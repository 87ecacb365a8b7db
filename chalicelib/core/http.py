"""The edge: one decorator turns a typed handler into a Chalice route.

It reads the caller, validates body and query with pydantic, enforces the body limit, maps
every typed error to the one JSON error shape (Hindi or English by Accept-Language), honours
Idempotency-Key on creating POSTs, and registers the route for the OpenAPI document.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chalice import CORSConfig, Response
from pydantic import BaseModel, TypeAdapter, ValidationError

from chalicelib.core import field_messages, guard, i18n
from chalicelib.core.auth import Principal, Role, require_role
from chalicelib.core.config import get_settings
from chalicelib.core.errors import (
    AppError,
    Invalid,
    PayloadTooLarge,
    Unauthorized,
    Unavailable,
    UnsupportedMediaType,
    busy_code,
)

logger = logging.getLogger("sahkar.http")

PUBLIC = "public"        # no token needed; a token, if sent, is still checked
SIGNED_IN = "signed_in"  # any valid token



def cors() -> CORSConfig:
    """Browsers may call the API from the stage's web origin only (settings.cors_origin; "*" is
    allowed on the local stack alone, which config.Settings enforces)."""
    return CORSConfig(
        allow_origin=get_settings().cors_origin,
        allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "Accept-Language"],
        expose_headers=["Retry-After", "Content-Disposition", "X-Row-Count", "X-Truncated"],   # CSV exports
        max_age=600,
    )


class Routes:
    """A service's route table. Routes are added to each Chalice app that serves the service
    (core.function.build_app), so one service can sit in its own Lambda and in the all-in-one
    local app at once (a Chalice Blueprint remembers only the last app it joined)."""

    def __init__(self, service: str) -> None:
        self.service = service


@dataclass
class Endpoint:
    service: str
    path: str
    method: str
    name: str
    summary: str
    tags: tuple[str, ...]
    auth: str | tuple[Role, ...]
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: Any
    status: int
    idempotent: bool
    errors: tuple[int, ...]
    codec: Codec
    handler: Callable = field(repr=False, default=lambda call: None)


REGISTRY: list[Endpoint] = []


@dataclass
class Call:
    """What a handler gets: the parsed request, the caller and their language."""

    request: Any
    lang: str
    principal: Principal | None
    body: Any = None
    query: Any = None
    params: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        return _header(self.request, name)

    @property
    def caller(self) -> Principal:
        if self.principal is None:
            raise Unauthorized()
        return self.principal


def _header(request: Any, name: str) -> str | None:
    headers = request.headers or {}
    return headers.get(name) or headers.get(name.lower())


def json_response(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    all_headers = {"Content-Type": "application/json; charset=utf-8"}
    all_headers.update(headers or {})
    body = json.dumps(payload, ensure_ascii=False, default=str)
    if guard.SURROGATE.search(body):   # a lone surrogate stored before the edge refused them: escape it
        body = json.dumps(payload, ensure_ascii=True, default=str)
    return Response(body=body, status_code=status, headers=all_headers)


def error_payload(error: AppError, lang: str) -> dict:
    params = dict(error.params)
    if error.details and "fields" not in params:
        params["fields"] = ", ".join(d.get("field", "") for d in error.details)
    body = {"code": error.code, "message": i18n.translate(error.code, lang, **params),
            "details": localised_details(error, lang)}
    for extra in ("attempts_left", "retry_after"):     # what a sign-in screen shows (tries left, resend in)
        if extra in error.params:
            body[extra] = error.params[extra]
    return {"error": body}


def localised_details(error: AppError, lang: str) -> list[dict]:
    """Each field's message in the reader's language: a detail may carry how to say it (`kinds`:
    a pydantic error kind with its limits, or one of our message codes); English keeps the text."""
    kinds = getattr(error, "kinds", None)
    if lang == "en" or not kinds:
        return error.details
    out = []
    for index, detail in enumerate(error.details):
        kind = kinds[index] if index < len(kinds) else None
        if kind is None:
            out.append(detail)
        elif kind[0] == "code":
            out.append({**detail, "message": i18n.translate(kind[1], lang, **kind[2])})
        else:
            out.append({**detail, "message": field_messages.hindi(kind[1], kind[2])})
    return out


def error_response(error: AppError, lang: str) -> Response:
    return json_response(error_payload(error, lang), error.status, error.headers)


def _field_path(loc: tuple) -> str:
    return ".".join(str(part) for part in loc) or "body"


def validation_error(exc: ValidationError, where: str) -> Invalid:
    details = []
    for err in exc.errors(include_url=False, include_input=False):
        path = _field_path(err["loc"])
        details.append({"field": path if where == "body" else f"{where}.{path}", "message": err["msg"]})
    error = Invalid(details=details)
    error.kinds = [("pydantic", err["type"], dict(err.get("ctx") or {}))
                   for err in exc.errors(include_url=False, include_input=False)]
    return error


class Codec:
    """How a route reads its body and writes its answers: JSON and the house error shape.

    A route may bring its own (Open311 speaks form-encoded bodies, XML and its own error list);
    validation, auth, idempotency and the registry stay the same for every codec.
    """

    content_types: tuple[str, ...] = ("application/json",)   # request bodies accepted
    media_types: tuple[str, ...] = ("application/json",)     # responses, for the OpenAPI
    error_schema: dict | None = None                           # None: the house Error shape

    def decode(self, content_type: str, raw: bytes) -> Any:
        return guard.decode_json(raw)

    def respond(self, status: int, payload: Any, call: Call) -> Response:
        if status == 204:
            return Response(body="", status_code=204)
        return json_response(payload, status)

    def fail(self, error: AppError, lang: str, params: dict[str, str]) -> Response:
        return error_response(error, lang)


JSON = Codec()


def _parse_body(request: Any, model: type[BaseModel], codec: Codec = JSON) -> BaseModel:
    raw = request.raw_body or b""
    limit = get_settings().max_body_bytes
    if len(raw) > limit:
        raise PayloadTooLarge(limit=limit, details=[{"field": "body", "message": f"over {limit} bytes"}])
    content_type = (_header(request, "content-type") or "application/json").split(";")[0].strip().lower()
    if content_type not in codec.content_types:
        raise UnsupportedMediaType(details=[{"field": "content-type",
                                             "message": "must be " + " or ".join(codec.content_types)}])
    data = codec.decode(content_type, raw)
    guard.check(data, "body")
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, "body") from exc
    guard.check(parsed, "body")   # dates and numbers in range, whatever the field's own type says
    return parsed


def _parse_query(request: Any, model: type[BaseModel]) -> BaseModel:
    try:
        parsed = model.model_validate(dict(request.query_params or {}))
    except ValidationError as exc:
        raise validation_error(exc, "query") from exc
    guard.check(parsed, "query")
    return parsed


def _authenticate(request: Any) -> Principal | None:
    header = _header(request, "authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or guard.text_problem(token) or not token.isascii():
        raise Unauthorized("TOKEN_INVALID")
    # Identity is the authority on sessions (revocation of deactivated staff).
    from chalicelib.identity.public import authenticate

    return authenticate(token.strip())


@functools.cache
def _adapter(response: Any) -> TypeAdapter:
    return TypeAdapter(response)


def _shape(response: Any, result: Any) -> Any:
    """Pass the result through its declared response model: what leaves is what the OpenAPI says."""
    if response is None or result is None:
        return result
    adapter = _adapter(response)
    return adapter.dump_python(adapter.validate_python(result, from_attributes=True), mode="json", by_alias=True)


def endpoint(routes: Any, path: str, method: str = "GET", *, summary: str, service: str | None = None,
             body: type[BaseModel] | None = None, query: type[BaseModel] | None = None,
             response: Any = None, status: int = 200, auth: str | tuple[Role, ...] = PUBLIC,
             tags: tuple[str, ...] = (), idempotent: bool = False,
             errors: tuple[int, ...] = (), codec: Codec | None = None) -> Callable:
    """Declare `fn(call, **path_params)` as a route of a service; see the module docstring."""
    service = service or routes.service

    def decorate(fn: Callable) -> Callable:
        REGISTRY.append(Endpoint(service, path, method, fn.__name__, summary, tags or (service,), auth, body,
                                 query, response, status, idempotent, errors, codec or JSON, fn))
        return fn

    return decorate


def add_routes(app: Any, services: tuple[str, ...]) -> list[Endpoint]:
    """Serve the declared routes of `services` from a Chalice app."""
    added = [ep for ep in REGISTRY if ep.service in services]
    config = cors()
    for ep in added:
        def view(_ep: Endpoint = ep, **path_params: str) -> Response:
            return handle(_ep, _ep.handler, app.current_request, path_params)

        view.__name__ = ep.name
        app.route(ep.path, methods=[ep.method], cors=config, name=ep.name,
                  content_types=list(ep.codec.content_types))(view)
    return added


def handle(ep: Endpoint, fn: Callable, request: Any, path_params: dict[str, str]) -> Response:
    lang = i18n.pick_language(_header(request, "accept-language"))
    codec = ep.codec
    try:
        # Hostile strings never reach a handler, whatever the route (core.guard).
        guard.check(dict(request.query_params or {}), "query")
        guard.check(path_params, "path")
        guard.check_header("Idempotency-Key", _header(request, "idempotency-key") if ep.idempotent else None)
        principal = _authenticate(request)
        if ep.auth != PUBLIC and principal is None:
            raise Unauthorized()
        if isinstance(ep.auth, tuple):
            require_role(principal, *ep.auth)
        call = Call(request=request, lang=lang, principal=principal, params=path_params)
        if ep.body is not None:
            call.body = _parse_body(request, ep.body, codec)
        if ep.query is not None:
            call.query = _parse_query(request, ep.query)
        key = _header(request, "idempotency-key") if ep.idempotent else None
        if key:
            from chalicelib.core.idempotency import run_once

            status, payload = run_once(ep, call, key, lambda: _invoke(ep, fn, call, path_params))
        else:
            status, payload = _invoke(ep, fn, call, path_params)
        return codec.respond(status, payload, call)
    except AppError as error:
        return codec.fail(error, lang, path_params)
    except Exception as exc:  # a bug: log it (no request data), answer without a traceback
        if busy_code(exc):       # DynamoDB still throttling after the SDK's retries: 503, not a bug
            logger.warning("store busy (%s) in %s %s", busy_code(exc), ep.method, ep.path)
            return codec.fail(Unavailable(), lang, path_params)
        logger.exception("unhandled error in %s %s", ep.method, ep.path)
        return codec.fail(AppError("INTERNAL"), lang, path_params)


def _invoke(ep: Endpoint, fn: Callable, call: Call, path_params: dict[str, str]) -> tuple[int, Any]:
    result = fn(call, **path_params)
    if isinstance(result, tuple):
        status, result = result
    else:
        status = ep.status
    return status, _shape(ep.response, result)
