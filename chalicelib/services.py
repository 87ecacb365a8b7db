"""The services, the tables each owns, and whom each calls (read or write).

The local stack creates tables from these models, and infra derives each function's IAM
permissions from `calls`, so least privilege stays true as the code grows.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    tables: tuple[str, ...]
    calls: dict[str, str] = field(default_factory=dict)   # other service -> "read" | "write"
    routes: bool = True


class WithDocuments(ServiceSpec):
    """A service that owns the prefix "<name>/" in the private document bucket (core.documents);
    infra reads the optional `documents` attribute (infra/project.py)."""

    documents = True


SERVICES: dict[str, ServiceSpec] = {
    "notify": ServiceSpec("notify", ("notify",), routes=False),
    "identity": ServiceSpec("identity", ("identity",), {"notify": "write", "grievances": "read", "lokseva": "read",
                                                        "registrations": "read"}),   # GET /me/requests
    "societies": ServiceSpec("societies", ("societies", "societies-search"),
                             {"identity": "write", "notify": "write"}),
    "grievances": WithDocuments("grievances", ("grievances",),
                                {"identity": "read", "societies": "read", "notify": "write"}),
    "filings": WithDocuments("filings", ("filings",), {"identity": "read", "societies": "read", "notify": "write"}),
    "reports": ServiceSpec("reports", ("reports",), {"identity": "read", "societies": "read", "grievances": "read",
                                                     "lokseva": "read", "filings": "read", "audits": "read",
                                                     "subvention": "read"}),
    "lokseva": WithDocuments("lokseva", ("lokseva",), {"identity": "read", "societies": "read", "notify": "write"}),
    "courts": WithDocuments("courts", ("courts",), {"identity": "read", "notify": "write"}),
    "files": ServiceSpec("files", ("files",), {"identity": "read"}),
    "servicebook": WithDocuments("servicebook", ("servicebook",), {"identity": "write", "notify": "write"}),
    "registrations": WithDocuments("registrations", ("registrations",),
                                   {"identity": "write", "societies": "write", "notify": "write"}),
    "subvention": WithDocuments("subvention", ("subvention",),
                                {"identity": "read", "societies": "read", "notify": "write"}),
    "audits": WithDocuments("audits", ("audits",), {"identity": "write", "societies": "read", "notify": "write"}),
    # The deploy's custom resource (functions/bootstrap.py, chalicelib/deploy.py): seeds the master
    # data of the services it writes and makes the first admin (identity; its SMS through notify).
    "bootstrap": ServiceSpec("bootstrap", (), {
        "identity": "write", "notify": "write", "grievances": "write", "filings": "write", "lokseva": "write",
        "courts": "write", "files": "write", "servicebook": "write", "registrations": "write",
        "subvention": "write", "audits": "write"}, routes=False),
}


def _store(name: str):
    import importlib

    return importlib.import_module(f"chalicelib.{name}.store")


def table_models() -> list:
    """The pynamodb models that define each table (keys, indexes, TTL): each service's
    `store.TABLE_MODELS` (or `TABLE_MODEL`); notify's table is the core outbox."""
    from chalicelib.core import outbox

    models: list = [outbox.OutboxMessage]
    for spec in SERVICES.values():
        if spec.name == "notify" or not spec.tables:
            continue
        store = _store(spec.name)
        models.extend(getattr(store, "TABLE_MODELS", None) or [store.TABLE_MODEL])
    return models


def route_tables(names: tuple[str, ...] | None = None) -> dict:
    """Each routed service's route table (`chalicelib.<service>.api.bp`); importing declares the routes."""
    import importlib

    chosen = [s for s in SERVICES.values() if s.routes and (names is None or s.name in names)]
    return {s.name: importlib.import_module(f"chalicelib.{s.name}.api").bp for s in chosen}


def seed_master_data(actor: str) -> int:
    """Every service's seeded master data (`service.seed_master_data(actor)` where a service has it)."""
    import importlib
    import importlib.util

    total = 0
    for spec in SERVICES.values():
        if not spec.routes:
            continue
        name = f"chalicelib.{spec.name}.service"
        if importlib.util.find_spec(name) is None:   # a service may keep no master data at all
            continue
        seed = getattr(importlib.import_module(name), "seed_master_data", None)
        if seed is not None:
            total += int(seed(actor) or 0)
    return total
