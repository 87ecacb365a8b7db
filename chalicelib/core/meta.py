"""Routes every deployed function answers: /health and its own /openapi.json."""

from __future__ import annotations

from typing import Any

from chalicelib.core.config import get_settings
from chalicelib.core.http import REGISTRY, cors, json_response


def add_meta_routes(app: Any, services: tuple[str, ...], title: str) -> None:
    def health() -> Any:
        return json_response({"status": "ok", "service": ",".join(services), "stage": get_settings().stage})

    def openapi() -> Any:
        from chalicelib.core.openapi import document

        endpoints = [ep for ep in REGISTRY if ep.service in services]
        return json_response(document(endpoints, title=title))

    config = cors()
    app.route("/health", methods=["GET"], cors=config)(health)
    app.route("/openapi.json", methods=["GET"], cors=config)(openapi)
