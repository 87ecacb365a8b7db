"""Builds a Chalice app from service blueprints: one service for a Lambda, all for the local stack."""

from __future__ import annotations

from typing import Any

from chalice import Chalice

from chalicelib.core.http import add_routes
from chalicelib.core.logs import configure
from chalicelib.core.meta import add_meta_routes
from chalicelib.core.observe import instrument


def build_app(app_name: str, services: dict[str, Any], title: str) -> Chalice:
    """`services` maps each service name to its route table (importing it declares the routes)."""
    configure()
    app = Chalice(app_name=app_name)
    app.api.binary_types.append("application/pdf")   # reports answer PDFs through API Gateway
    add_routes(app, tuple(services))
    add_meta_routes(app, tuple(services), title)
    return instrument(app)
