"""Builds a Chalice app from service blueprints: one service for a Lambda, all for the local stack."""

from __future__ import annotations

from typing import Any

from chalice import Chalice

from chalicelib.core.logs import configure
from chalicelib.core.meta import add_meta_routes


def build_app(app_name: str, blueprints: dict[str, Any], title: str) -> Chalice:
    configure()
    app = Chalice(app_name=app_name)
    for bp in blueprints.values():
        app.register_blueprint(bp)
    add_meta_routes(app, tuple(blueprints), title)
    return app
