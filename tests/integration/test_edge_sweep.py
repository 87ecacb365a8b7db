"""A generic sweep: hostile values thrown at every route of the route table, never a 5xx.

Each route is called with a token of a role it admits (anonymous for public routes), so the
hostile value reaches the edge's parsing and, where it passes, the handler: every field of the
body set to the value, every query field set to it, every path parameter set to it. The
master data is in place, so handlers run as they do on the local stack.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest

from chalicelib.core.auth import Jurisdiction, Level, Principal, Role, issue_token
from chalicelib.core.http import PUBLIC, REGISTRY, SIGNED_IN

BODY_VALUES = {
    "surrogate": "\ud800", "nul": "a\x00b", "escape": "\x1b[31m", "c1": "\x85", "huge_int": 10**30,
    "neg_int": -(10**20), "huge_float": 1.7e308, "far_date": "9999-12-31",
    "ancient_date": "0001-01-01", "far_datetime": "9999-12-31T23:59:59+00:00", "long": "क" * 4000,
    "object": {"$ne": [None, True, {"a": "\ud800"}]}, "list": ["\ud800", 10**30, "9999-12-31"], "empty": "",
    "null": None, "digits": "9" * 30,
}
TEXT_VALUES = {  # query strings and path parameters are text
    "surrogate": "\ud800", "nul": "a\x00b", "escape": "\x1b[31m", "c1": "\x85", "far_date": "9999-12-31",
    "ancient_date": "0001-01-01", "huge_int": str(10**30), "zero_year": "0000", "long": "x" * 3000,
    "digits_unicode": "\u0661\u0662\u0663\u0664", "empty": "", "dots": "..", "minus": "-1",
}
PATH_PARAM = re.compile(r"\{([^}]+)\}")


def _tokens() -> dict[Role, str]:
    """One account per staff role (Bhopal; the admin state-wide), and a citizen."""
    from chalicelib.identity.domain import ROLE_LEVELS
    from tests.integration.helpers import make_staff

    tokens = {Role.CITIZEN: issue_token(Principal("01SWEEPCITIZEN", Role.CITIZEN), 3600)}
    for index, role in enumerate(r for r in Role if r != Role.CITIZEN):
        level = next(lv for lv in (Level.DISTRICT, Level.DIVISION, Level.STATE) if lv in ROLE_LEVELS[role])
        code = None if level == Level.STATE else "bhopal"
        username = f"sweep.{role.value}".replace("_", "")
        make_staff(username, role, level, code, mobile=f"91111{index:05d}")
        tokens[role] = issue_token(Principal(username, role, Jurisdiction(level, code)), 3600)
    return tokens


@pytest.fixture
def sweep(client, aws_resources):
    from stack import bootstrap

    bootstrap.ensure_master_data()
    tokens = _tokens()

    def call(ep, path_value="x1", body=None, raw_body=None, query=""):
        path = PATH_PARAM.sub(lambda _: path_value, ep.path)
        token = None if ep.auth == PUBLIC else tokens[Role.CITIZEN if ep.auth == SIGNED_IN else ep.auth[0]]
        content_type = next((t for t in ep.codec.content_types if "json" in t), ep.codec.content_types[0])
        return client.call(ep.method, path + query, body=body, raw_body=raw_body, token=token,
                           headers={"Content-Type": content_type, "Accept-Language": "en"})

    return call


def _routes(kind: str) -> list:
    from app import app  # noqa: F401 - fills the registry

    if kind == "body":
        return [ep for ep in REGISTRY if ep.body is not None]
    if kind == "query":
        return [ep for ep in REGISTRY if ep.query is not None]
    return [ep for ep in REGISTRY if PATH_PARAM.search(ep.path)]


def _failures(results) -> list[str]:
    return [f"{name}: {ep.method} {ep.path}: {r}" for name, ep, r in results if r.status >= 500]


def _fields(model) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


# One test per way in, looping over the values (the setup is the slow part).

def test_hostile_bodies_on_every_json_route_never_5xx(sweep):
    results = []
    for name in [*BODY_VALUES, "deep"]:
        for ep in _routes("body"):
            if name == "deep":
                raw = '{"a": ' * 600 + "1" + "}" * 600
            else:
                raw = json.dumps({field: BODY_VALUES[name] for field in _fields(ep.body)})
            results.append((name, ep, sweep(ep, raw_body=raw)))
    assert not _failures(results)
    assert len(results) >= 80 * (len(BODY_VALUES) + 1)
    house_errors = [r for _, ep, r in results if r.status >= 400 and ep.codec.error_schema is None]
    assert house_errors and all(isinstance(r.json, dict) and r.json["error"]["code"] for r in house_errors)


def test_hostile_query_strings_on_every_route_never_5xx(sweep):
    results = []
    for name, text in TEXT_VALUES.items():
        value = quote(text, safe="", errors="surrogatepass")
        for ep in _routes("query"):
            query = "?" + "&".join(f"{field}={value}" for field in _fields(ep.query))
            results.append((name, ep, sweep(ep, query=query)))
    assert not _failures(results)
    assert len(results) >= 40 * len(TEXT_VALUES)


def test_hostile_path_parameters_on_every_route_never_5xx(sweep):
    results = []
    for name, text in TEXT_VALUES.items():
        for ep in _routes("path"):
            body = {} if ep.body is not None else None
            results.append((name, ep, sweep(ep, path_value=text, body=body)))
    assert not _failures(results)
    assert len(results) >= 40 * len(TEXT_VALUES)
