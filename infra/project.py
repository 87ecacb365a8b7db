"""Everything the template is generated from, read from the code and checked for consistency.

Sources (none of them a list kept by hand in infra):
  - `functions/<service>.py`          the Lambdas: routes and scheduled / event handlers (infra.discover)
  - `chalicelib.services.SERVICES`    each service's tables and whom it calls (read | write)
  - `chalicelib.services.table_models()` + `infra.tables.definition`   keys, indexes, TTL
  - `infra/statemachines/<service>.<name>.asl.json`   state machines, owned by <service>
  - `.chalice/config.json`            the deployable stages and their environment
  - `chalicelib.core.config.Settings` the secrets (SecretStr fields) and the request body limit

Optional ServiceSpec attributes, read when present so a service can opt in where it declares
its tables: `documents = True` gives the service the bucket prefix `<service>/` in the private
document bucket (and read or write on it to the services that call it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infra.discover import ROOT, discover
from infra.resources import SUBSTITUTIONS, placeholders, state_machine_files

MODES = ("read", "write")
CORS_ORIGIN_ENV = "SAHKAR_CORS_ORIGIN"   # chalicelib.core.config Settings.cors_origin
# core.http authenticates every bearer token through chalicelib.identity.public (revocation of
# deactivated staff), so every service that serves routes reads identity's table.
AUTHENTICATOR = "identity"
_SM_FILE = re.compile(r"^(?P<service>[a-z][a-z0-9_-]*)\.(?P<name>[A-Za-z0-9_-]+)\.asl\.json$")


class ProjectError(ValueError):
    """The code's declarations disagree (e.g. a route in two functions, an undeclared table)."""


def camel(text: str) -> str:
    """A CloudFormation logical-ID part: 'societies-search' -> 'SocietiesSearch'."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", text) if part)


@dataclass(frozen=True)
class Table:
    key: str                 # the table's name after the stage prefix, e.g. "societies-search"
    owner: str               # the service whose table it is
    definition: dict         # infra.tables.definition(model) without TableName (boto3 spelling)
    ttl: str | None

    @property
    def logical_id(self) -> str:
        return f"Table{camel(self.key)}"

    @property
    def indexes(self) -> tuple[str, ...]:
        return tuple(i["IndexName"] for i in self.definition.get("GlobalSecondaryIndexes", []))


@dataclass(frozen=True)
class Handler:
    """One Lambda function: a service's API (its Chalice app) or one of its event handlers."""

    service: str
    kind: str                # api | schedule | event_pattern | lambda
    name: str                # "api" or the Chalice handler name
    handler: str             # e.g. functions.identity.app, functions.notify.drain_outbox
    expression: str | None = None
    pattern: dict | None = None
    description: str = ""

    @property
    def logical_id(self) -> str:
        return f"Function{camel(self.service)}{camel(self.name)}"

    @property
    def suffix(self) -> str:
        """Function name after the stage prefix."""
        return self.service if self.kind == "api" else f"{self.service}-{self.name}"


@dataclass(frozen=True)
class Route:
    path: str
    method: str
    service: str             # the function that serves it
    view: str
    view_args: tuple[str, ...]
    cors: dict | None
    content_types: tuple[str, ...] = ("application/json",)
    also_in: tuple[str, ...] = ()   # other functions with the very same view (e.g. /health)


@dataclass(frozen=True)
class StateMachine:
    service: str
    name: str
    definition: dict         # ASL, with ${Prefix} ${Stage} ${Region} ${AccountId} ${Partition} placeholders
    path: str

    @property
    def key(self) -> str:
        return f"{self.service}-{self.name}"

    @property
    def logical_id(self) -> str:
        return f"StateMachine{camel(self.service)}{camel(self.name)}"


@dataclass
class Service:
    name: str
    tables: tuple[str, ...]
    calls: dict[str, str]
    routes: bool
    documents: bool = False
    module: str | None = None
    handlers: list[Handler] = field(default_factory=list)

    @property
    def logical_id(self) -> str:
        return camel(self.name)


@dataclass
class Project:
    services: dict[str, Service]          # in SERVICES order
    tables: dict[str, Table]
    routes: list[Route]
    binary_types: list[str]
    state_machines: list[StateMachine]
    stages: dict[str, dict[str, str]]     # deployable stage -> environment variables
    secrets: dict[str, str]               # env var -> secret name after the prefix
    sms_owner: str | None
    max_body_bytes: int
    messages: dict[str, tuple[str, str]]

    @property
    def handlers(self) -> list[Handler]:
        return [h for s in self.services.values() for h in s.handlers]

    def tables_of(self, service: str) -> list[Table]:
        return [self.tables[key] for key in self.services[service].tables]

    def machines_of(self, service: str) -> list[StateMachine]:
        return [m for m in self.state_machines if m.service == service]

    def sends_sms(self, service: str) -> bool:
        owner = self.sms_owner
        return owner is not None and (service == owner or self.services[service].calls.get(owner) == "write")


# --- reading the sources ---------------------------------------------------------------------

def _tables(specs: dict[str, Any], models: list) -> dict[str, Table]:
    from infra.tables import definition, ttl_attribute

    owners: dict[str, str] = {}
    for spec in specs.values():
        for key in spec.tables:
            if key in owners:
                raise ProjectError(f"table {key!r} is declared by both {owners[key]!r} and {spec.name!r}")
            owners[key] = spec.name
    tables: dict[str, Table] = {}
    for model in models:
        key = model.Meta.service
        if key not in owners:
            raise ProjectError(f"table {key!r} (model {model.__name__}) is not declared by any service in "
                               "chalicelib.services.SERVICES")
        if key in tables:
            raise ProjectError(f"table {key!r} has two defining models")
        spec = definition(model)
        spec.pop("TableName")
        tables[key] = Table(key, owners[key], spec, ttl_attribute(model))
    missing = sorted(set(owners) - set(tables))
    if missing:
        raise ProjectError(f"tables {missing} are declared in SERVICES but table_models() defines no model for them")
    return {key: tables[key] for key in sorted(tables)}


def _stages(root: Path) -> dict[str, dict[str, str]]:
    config = json.loads((root / ".chalice" / "config.json").read_text(encoding="utf-8"))
    common = config.get("environment_variables", {})
    stages = {}
    for name, stage in config.get("stages", {}).items():
        if name == "local":
            continue  # the embedded stack: moto credentials, never deployed
        env = {**common, **stage.get("environment_variables", {})}
        stages[name] = {k: str(v) for k, v in env.items() if not k.startswith("AWS_")}
    if not stages:
        raise ProjectError(".chalice/config.json has no deployable stage")
    keys = {frozenset(env) for env in stages.values()}
    if len(keys) != 1:
        raise ProjectError("every deployable stage in .chalice/config.json must set the same environment variables")
    for name, env in stages.items():
        if env.get("STAGE") != name or not env.get("RESOURCE_PREFIX"):
            raise ProjectError(f"stage {name!r} must set STAGE={name} and RESOURCE_PREFIX in .chalice/config.json")
        origin = env.get(CORS_ORIGIN_ENV, "")
        if not origin.startswith("https://") or "*" in origin or "," in origin:
            raise ProjectError(f"stage {name!r} must set {CORS_ORIGIN_ENV} to its web origin (https://..., "
                               "no '*') in .chalice/config.json; '*' is for the local stack only")
    return stages


def _secrets() -> dict[str, str]:
    """SecretStr settings, by the environment variable that carries each."""
    from pydantic import SecretStr

    from chalicelib.core import config

    env_names = getattr(config, "_ENV_NAMES", {})
    return {env_names.get(name, "SAHKAR_" + name.upper()): name.replace("_", "-")
            for name, info in config.Settings.model_fields.items() if info.annotation is SecretStr}


def _state_machines(root: Path, services: dict[str, Service]) -> list[StateMachine]:
    machines = []
    for path in state_machine_files(root):
        match = _SM_FILE.match(path.name)
        if not match:
            raise ProjectError(f"{path.name}: name state machines <service>.<name>.asl.json")
        service = match["service"]
        if service not in services:
            raise ProjectError(f"{path.name}: no service {service!r} in chalicelib.services.SERVICES")
        definition = json.loads(path.read_text(encoding="utf-8"))
        if "States" not in definition or "StartAt" not in definition:
            raise ProjectError(f"{path.name}: not an Amazon States Language document")
        unknown = placeholders(definition) - set(SUBSTITUTIONS)
        if unknown:
            raise ProjectError(f"{path.name}: unknown placeholders {sorted(unknown)}; use {SUBSTITUTIONS}")
        machines.append(StateMachine(service, match["name"], definition, str(path.relative_to(root))))
    return machines


def _handlers(service: str, found: dict) -> list[Handler]:
    handlers = []
    if found["routes"]:
        handlers.append(Handler(service, "api", "api", f"{found['module']}.app"))
    for event in found["events"]:
        handlers.append(Handler(service, event["kind"], event["name"], event["handler"],
                                expression=event.get("expression"), pattern=event.get("pattern"),
                                description=event.get("description", "")))
    return handlers


def _routes(services: dict[str, Service], functions: dict[str, dict]) -> list[Route]:
    by_key: dict[tuple[str, str], Route] = {}
    for name in services:                     # SERVICES order decides who serves a shared route
        found = functions.get(name)
        for r in (found or {}).get("routes", []):
            key = (r["path"], r["method"])
            route = by_key.get(key)
            if route is None:
                by_key[key] = Route(r["path"], r["method"], name, r["view"], tuple(r["view_args"]), r["cors"],
                                    tuple(r.get("content_types") or ("application/json",)))
                continue
            if route.view != r["view"]:
                raise ProjectError(f"{r['method']} {r['path']} is served by both {route.service} ({route.view}) "
                                   f"and {name} ({r['view']}); one API can route it to only one function")
            by_key[key] = Route(route.path, route.method, route.service, route.view, route.view_args, route.cors,
                                route.content_types, route.also_in + (name,))
    routes = [by_key[k] for k in sorted(by_key)]
    _check_path_variables(routes)
    _check_cors(routes)
    return routes


def _check_path_variables(routes: list[Route]) -> None:
    """API Gateway allows one variable segment per parent, so its name must agree everywhere."""
    variable_at: dict[str, str] = {}
    for route in routes:
        parts = route.path.strip("/").split("/")
        for depth, part in enumerate(parts):
            if part.startswith("{"):
                parent = "/" + "/".join(parts[:depth])
                seen = variable_at.setdefault(parent, part)
                if seen != part:
                    raise ProjectError(f"{route.path}: {part} where another route has {seen} under {parent}; "
                                       "API Gateway needs one name for a path variable")


def _check_cors(routes: list[Route]) -> None:
    by_path: dict[str, dict | None] = {}
    for route in routes:
        if route.path in by_path and by_path[route.path] != route.cors:
            raise ProjectError(f"{route.path}: methods disagree on CORS; one preflight answers for the path")
        by_path[route.path] = route.cors


def build(root: Path = ROOT, functions: dict[str, dict] | None = None, specs: dict[str, Any] | None = None,
          models: list | None = None) -> Project:
    """Read the code and check it; `functions`, `specs`, `models` may be given (tests)."""
    from chalicelib.core import i18n
    from chalicelib.core.config import Settings
    from chalicelib.core.outbox import OutboxMessage
    from chalicelib.services import SERVICES, table_models

    specs = SERVICES if specs is None else specs
    models = table_models() if models is None else models
    functions = discover(root) if functions is None else functions

    services: dict[str, Service] = {}
    for name, spec in specs.items():
        services[name] = Service(name, tuple(spec.tables), dict(spec.calls), bool(spec.routes),
                                 bool(getattr(spec, "documents", False)))
    for module in functions:
        if module not in services:
            raise ProjectError(f"functions/{module}.py has no service {module!r} in chalicelib.services.SERVICES "
                               "(declare its tables and calls there)")
    for service in services.values():
        found = functions.get(service.name)
        for other, mode in service.calls.items():
            if other not in services:
                raise ProjectError(f"{service.name} calls unknown service {other!r}")
            if mode not in MODES:
                raise ProjectError(f"{service.name} calls {other} with {mode!r}; use 'read' or 'write'")
            if other == service.name:
                raise ProjectError(f"{service.name} declares a call to itself")
        if found is None:
            if service.routes:
                raise ProjectError(f"service {service.name} serves routes but functions/{service.name}.py is missing")
            continue
        if found["routes"] and not service.routes:
            raise ProjectError(f"functions/{service.name}.py has routes but SERVICES says routes=False")
        if service.routes and not found["routes"]:
            raise ProjectError(f"functions/{service.name}.py has no routes but SERVICES says routes=True")
        if found["routes"] and service.name != AUTHENTICATOR and AUTHENTICATOR not in service.calls:
            raise ProjectError(f"{service.name} serves routes, and core.http checks every token through "
                               f"{AUTHENTICATOR}: declare calls={{'{AUTHENTICATOR}': 'read'}} for it")
        service.module = found["module"]
        service.handlers = _handlers(service.name, found)

    tables = _tables(specs, models)
    routes = _routes(services, functions)
    binary_types = sorted({t for found in functions.values() if found["routes"] for t in found["binary_types"]})
    outbox_table = tables.get(OutboxMessage.Meta.service)   # SMS go out through the outbox's owner
    return Project(
        services=services,
        tables=tables,
        routes=routes,
        binary_types=binary_types,
        state_machines=_state_machines(root, services),
        stages=_stages(root),
        secrets=_secrets(),
        sms_owner=outbox_table.owner if outbox_table else None,
        max_body_bytes=Settings.model_fields["max_body_bytes"].default,
        messages=dict(i18n.MESSAGES),
    )
