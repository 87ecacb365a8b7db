"""The authorization table (chalicelib/core/authz.py) against the route table: every deciding
route has exactly one rule, the rule's roles are the route's gate, the enforcing domain function
and the refusal tests exist, and docs/authorization.md is the table's."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from app import app
from chalicelib.core import authz
from chalicelib.core.http import PUBLIC, REGISTRY

ROOT = Path(__file__).resolve().parents[2]


def _routes() -> dict[tuple[str, str], object]:
    served = {(m, p) for p, methods in app.routes.items() for m in methods}
    return {(ep.method, ep.path): ep for ep in REGISTRY if (ep.method, ep.path) in served}


def _roles(ep) -> tuple[str, ...]:
    return (ep.auth,) if isinstance(ep.auth, str) else tuple(r.value for r in ep.auth)


def test_every_deciding_route_has_a_rule_and_every_rule_a_route():
    routes = _routes()
    ruled = authz.by_route()
    assert len(ruled) == len(authz.RULES) and len({r.id for r in authz.RULES}) == len(authz.RULES)
    assert set(ruled) <= set(routes), set(ruled) - set(routes)
    assert set(authz.NOT_DECIDING) <= set(routes), set(authz.NOT_DECIDING) - set(routes)
    assert not set(ruled) & set(authz.NOT_DECIDING)
    looks_deciding = {key for key, ep in routes.items()
                      if ep.method != "GET" and authz.DECIDING_WORDS.search(f"{ep.path} {ep.summary}")}
    unclassified = looks_deciding - set(ruled) - set(authz.NOT_DECIDING)
    assert not unclassified, f"deciding routes without a rule in core/authz.py: {sorted(unclassified)}"


def test_a_rule_s_roles_are_its_route_s_gate_and_never_public():
    routes = _routes()
    for r in authz.RULES:
        ep = routes[(r.method, r.path)]
        assert ep.auth != PUBLIC, r.id
        assert set(_roles(ep)) == set(r.roles), (r.id, _roles(ep), r.roles)


def test_each_rule_names_its_enforcing_function_and_tests_of_its_refusals():
    for r in authz.RULES:
        module, name = r.enforced_by.split(":")
        assert callable(getattr(importlib.import_module(module), name)), r.enforced_by
        assert r.refusals and r.who and r.missing and r.decides, r.id
        for ref in r.refusals:
            path, test = ref.split("::")
            tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
            names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
            assert test in names, f"{r.id}: {ref} does not exist"


def test_the_doc_page_is_generated_from_the_table():
    page = (ROOT / "docs" / "authorization.md").read_text(encoding="utf-8")
    assert page == authz.render_markdown(), "run: .venv/bin/python -m tools.authz_doc"
    for r in authz.RULES:
        assert f"`{r.method} {r.path}`" in page


def test_a_new_deciding_route_without_a_rule_is_caught():
    """The check above can fail: a route named like a decision and absent from the table."""
    assert authz.DECIDING_WORDS.search("/lokseva/applications/{ack}/sanction-fast Approve quickly")
    assert authz.by_route().get(("POST", "/lokseva/applications/{ack}/sanction-fast")) is None


def test_the_openapi_document_carries_each_deciding_route_s_rule():
    from chalicelib.core.openapi import document

    paths = document()["paths"]
    for r in authz.RULES:
        op = paths[r.path][r.method.lower()]
        assert op["x-authorization"]["rule"] == r.id and r.who in op["description"]
    assert "x-authorization" not in paths["/auth/otp"]["post"]
