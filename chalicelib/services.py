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


SERVICES: dict[str, ServiceSpec] = {
    "notify": ServiceSpec("notify", ("notify",), routes=False),
    "identity": ServiceSpec("identity", ("identity",), {"notify": "write"}),
    "societies": ServiceSpec("societies", ("societies", "societies-search"),
                             {"identity": "write", "notify": "write"}),
    "grievances": ServiceSpec("grievances", ("grievances",),
                              {"identity": "read", "societies": "read", "notify": "write"}),
}


def table_models() -> list:
    """The pynamodb model that defines each table (keys, indexes, TTL)."""
    from chalicelib.core import outbox
    from chalicelib.grievances import store as grievances
    from chalicelib.identity import store as identity
    from chalicelib.societies import store as societies

    return [outbox.OutboxMessage, identity.TABLE_MODEL, *societies.TABLE_MODELS, grievances.TABLE_MODEL]
