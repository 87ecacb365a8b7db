"""Run a function from its unpacked artifact as Lambda would: a clean interpreter of the runtime's
Python (`-I -S -B`), with only the function's folder (/var/task), the shared layer (/opt/python)
and the runtime's own SDK (/var/runtime) on sys.path, driven by API Gateway REST proxy events and
EventBridge scheduled events.

The artifacts come from infra.package.build_artifacts (what `make package` runs), target "host":
the same code and layout, with the dependencies' wheels for this machine. The dependency
download, the layer and the runtime folder are cached in dist/.cache like `make package`'s.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from infra import artifacts
from infra.discover import ROOT

MARK = "--artifact-result--"
CACHE = ROOT / "dist" / ".cache"

RUNNER = r'''
import importlib, json, sys, traceback
spec = json.loads(sys.stdin.read())
stdlib = [p for p in sys.path if "-packages" not in p]
sys.path[:] = spec["paths"] + stdlib


class Context:
    function_name = spec["function"]
    function_version = "$LATEST"
    memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:ap-south-1:123456789012:function:" + spec["function"]
    log_group_name = "/aws/lambda/" + spec["function"]
    log_stream_name = "artifact-test"
    aws_request_id = "req-artifact-test"

    def get_remaining_time_in_millis(self):
        return 25000


results = []
for step in spec["steps"]:
    try:
        module, _, attr = step["handler"].rpartition(".")
        handler = getattr(importlib.import_module(module), attr)
        results.append({"ok": True, "out": handler(step["event"], Context())})
    except Exception as exc:
        results.append({"ok": False, "error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()})
allowed = tuple(spec["paths"]) + tuple(stdlib)
outside = sorted(n for n, m in list(sys.modules.items())
                 if getattr(m, "__file__", None) and not m.__file__.startswith(allowed))
ours = [m for n, m in list(sys.modules.items()) if n.split(".")[0] in ("functions", "chalicelib")]
without_bytecode = sorted(m.__name__ for m in ours if not (m.__spec__ and m.__spec__.cached
                                                             and __import__("os").path.exists(m.__spec__.cached)))
sys.stdout.write("\n" + spec["mark"] + json.dumps({"results": results, "outside": outside,
                                                   "without_bytecode": without_bytecode}, default=str) + "\n")
'''


@dataclass
class Built:
    python: str                   # the runtime's CPython (its version), as found on this machine
    functions: dict[str, Path]    # service -> unpacked function zip (/var/task)
    layer: Path                   # the unpacked layer's python/ folder (/opt/python)
    runtime: Path                 # the runtime's SDK (/var/runtime)
    manifest: dict                # what build_artifacts returned


def _unzip(archive: Path, folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    with zipfile.ZipFile(archive) as handle:
        handle.extractall(folder)
    return folder


def runtime_folder(python: str) -> Path:
    """boto3 and what it needs, compiled, as /var/runtime has them (the versions requirements.txt pins)."""
    deps = artifacts.build_dependencies(ROOT, CACHE, artifacts.TARGETS["host"])
    folder = CACHE / f"runtime-{deps.name}"
    if not (folder / ".complete").exists():
        _, files = artifacts.split_dependencies(deps)
        scratch = folder.with_name(folder.name + f".tmp{uuid.uuid4().hex[:6]}")
        artifacts.stage(files, scratch, python, "/var/runtime")
        (scratch / ".complete").write_text("ok")
        shutil.rmtree(folder, ignore_errors=True)
        scratch.replace(folder)
    return folder


def build(out: Path, services: list[str]) -> Built:
    from infra.package import LAYER, build_artifacts

    python = artifacts.target_python()
    if python is None:
        raise RuntimeError(f"no CPython {artifacts.PYTHON_VERSION} here: the artifacts cannot be compiled or run")
    manifest = build_artifacts(ROOT, out, services, target="host", cache=CACHE)
    folder = out / "artifacts"
    unpacked = {s: _unzip(folder / manifest[s]["file"], out / "task" / s) for s in services}
    layer = _unzip(folder / manifest[LAYER]["file"], out / "opt") / artifacts.LAYER_ROOT
    for root in [*unpacked.values(), layer]:          # read-only, as /var/task and /opt are
        for path in root.rglob("*"):
            path.chmod(0o555 if path.is_dir() else 0o444)
        root.chmod(0o555)
    return Built(python, unpacked, layer, runtime_folder(python), manifest)


def run(built: Built, service: str, steps: list[dict], env: dict[str, str], timeout: int = 180) -> dict:
    """Each step {"handler": "functions.x.app", "event": {...}} in one cold process; their results."""
    task = built.functions[service]
    spec = {"paths": [str(task), str(built.layer), str(built.runtime)], "steps": steps, "mark": MARK,
            "function": f"sahkar-test-{service}"}
    done = subprocess.run([built.python, "-I", "-S", "-B", "-c", RUNNER], input=json.dumps(spec), cwd=task,  # noqa: S603
                          env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if MARK not in done.stdout:
        raise AssertionError(f"{service}: the artifact did not run (exit {done.returncode}):\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.rsplit(MARK, 1)[1])


# --- events -----------------------------------------------------------------------------------------

def api_event(method: str, resource: str, path_params: dict | None = None, query: dict | None = None,
              body: dict | None = None, token: str | None = None, stage: str = "dev") -> dict:
    """An API Gateway REST (v1) proxy event, as API Gateway sends it to the function."""
    path = resource
    for name, value in (path_params or {}).items():
        path = path.replace("{" + name + "}", value)
    headers = {"Accept": "application/json", "Host": "abc123.execute-api.ap-south-1.amazonaws.com",
               "User-Agent": "artifact-test", "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    query = {k: str(v) for k, v in (query or {}).items()} or None
    request_id = str(uuid.uuid4())
    return {
        "resource": resource, "path": path, "httpMethod": method,
        "headers": headers, "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": query, "multiValueQueryStringParameters":
            {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": path_params or None, "stageVariables": None,
        "requestContext": {"resourcePath": resource, "httpMethod": method, "path": f"/{stage}{path}",
                           "stage": stage, "requestId": request_id, "extendedRequestId": request_id,
                           "accountId": "123456789012", "apiId": "abc123", "protocol": "HTTP/1.1",
                           "identity": {"sourceIp": "203.0.113.9", "userAgent": "artifact-test"},
                           "requestTimeEpoch": 1764000000000, "domainName": "abc123.execute-api.ap-south-1"
                                                                          ".amazonaws.com"},
        "body": json.dumps(body) if body is not None else None, "isBase64Encoded": False,
    }


def scheduled_event(rule: str) -> dict:
    """An EventBridge scheduled event."""
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
            "account": "123456789012", "time": "2026-11-23T06:00:00Z", "region": "ap-south-1",
            "resources": [f"arn:aws:events:ap-south-1:123456789012:rule/{rule}"], "detail": {}}
