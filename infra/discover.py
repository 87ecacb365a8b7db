"""What the deployed functions are, read from the code itself: `functions/<service>.py` apps.

Each module in `functions/` is one service's Lambda: its Chalice `app` gives the routes (method,
path with its parameter names, CORS) and the scheduled / event handlers. Nothing here is a list
kept by hand, so a new `functions/grievances.py` shows up in the template by itself.

`discover()` reads the apps in a child process by default and returns plain data
(JSON-serialisable dicts), so packaging sees each module as a fresh Lambda would, with the
stage's environment, whatever the calling process has already imported. (It was first needed
because Chalice blueprints cannot serve two apps; routes now come from core.http's registry,
which can, so the child process is kept for isolation only.)

    python -m infra.discover [functions|app]     # prints what was found, as JSON
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS_PACKAGE = "functions"


def function_modules(root: Path = ROOT) -> list[str]:
    """Service names with a module in functions/ (sorted; private modules skipped)."""
    return sorted(m.name for m in pkgutil.iter_modules([str(root / FUNCTIONS_PACKAGE)])
                  if not m.name.startswith("_"))


def _view_id(fn: Any) -> str:
    """Who handles a route: the same code registered in several apps (e.g. /health) is one view."""
    fn = inspect.unwrap(fn)
    return f"{fn.__module__}.{fn.__qualname__}"


def _route(path: str, method: str, entry: Any) -> dict:
    cors = None
    if entry.cors is not None:
        cors = dict(entry.cors.get_access_control_headers())
    if entry.api_key_required or entry.authorizer:
        raise NotImplementedError(f"{method} {path}: API keys and Chalice authorizers are not supported by infra "
                                  "yet (tokens are checked in core.http)")
    return {"path": path, "method": method.upper(), "view": _view_id(entry.view_function),
            "view_args": list(entry.view_args), "cors": cors, "content_types": list(entry.content_types)}


def _handler(module_name: str, handler_string: str) -> str:
    """Chalice names app-level handlers 'app.<fn>' (it assumes app.py); ours live in functions/."""
    module, _, attr = handler_string.rpartition(".")
    if module == "app":
        module = module_name
    imported = importlib.import_module(module)
    if not callable(getattr(imported, attr, None)):
        raise LookupError(f"handler {module}.{attr} is not importable")
    return f"{module}.{attr}"


def _event(module_name: str, source: Any) -> dict:
    from chalice.app import CloudWatchEventConfig, ScheduledEventConfig

    handler = _handler(module_name, source.handler_string)
    if isinstance(source, ScheduledEventConfig):
        expression = source.schedule_expression
        if not isinstance(expression, str):
            expression = expression.to_string()
        return {"kind": "schedule", "name": source.name, "handler": handler, "expression": expression,
                "description": source.description or ""}
    if isinstance(source, CloudWatchEventConfig):
        return {"kind": "event_pattern", "name": source.name, "handler": handler,
                "pattern": source.event_pattern}
    raise NotImplementedError(f"{module_name}: event source {type(source).__name__} ({source.name}) is not "
                              "supported by infra/template.py yet; add it there")


def read_app(module_name: str) -> dict:
    """Routes and handlers of one Chalice app module (imports it)."""
    module = importlib.import_module(module_name)
    app = module.app
    routes = [_route(path, method, entry) for path, methods in app.routes.items()
              for method, entry in methods.items()]
    if getattr(app, "websocket_handlers", None):
        raise NotImplementedError(f"{module_name}: websocket handlers are not supported by infra yet")
    if getattr(app, "builtin_auth_handlers", None):
        raise NotImplementedError(f"{module_name}: Chalice authorizers are not supported by infra yet")
    events = [_event(module_name, source) for source in app.event_sources]
    events += [{"kind": "lambda", "name": fn.name, "handler": _handler(module_name, fn.handler_string)}
               for fn in app.pure_lambda_functions]
    return {"module": module_name, "app_name": app.app_name, "routes": sorted(routes, key=_route_key),
            "binary_types": list(app.api.binary_types), "events": sorted(events, key=lambda e: e["name"])}


def _route_key(route: dict) -> tuple[str, str]:
    return route["path"], route["method"]


def discover_in_process(root: Path = ROOT, target: str = "functions") -> dict:
    """`target` "functions": every functions/<service>.py; "app": the all-in-one app.py.

    Each is read in its own child process by `discover()`, as a cold Lambda would import it.
    """
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    if target == "app":
        return read_app("app")
    return {name: read_app(f"{FUNCTIONS_PACKAGE}.{name}") for name in function_modules(root)}


def discover(root: Path = ROOT, target: str = "functions", isolated: bool = True) -> dict:
    """Routes and handlers read from the code; in a child process unless `isolated=False`."""
    if not isolated:
        return discover_in_process(root, target)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    # Importing an app reads settings: the local stage needs no secrets and no AWS, whatever
    # stage the caller's shell is set up for.
    env["STAGE"] = "local"
    args = [sys.executable, "-m", "infra.discover", target]
    done = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"reading the {target} failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout)


def main() -> None:
    target = sys.argv[1] if len(sys.argv) > 1 else "functions"
    json.dump(discover_in_process(target=target), sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
