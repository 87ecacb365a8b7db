"""Environment for talking to the embedded AWS endpoint; set before the app is imported."""

from __future__ import annotations

import base64
import json
import os
import secrets
import socket
from functools import cache
from pathlib import Path

SECRETS_FILE = "secrets.json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _new_secrets() -> dict[str, str]:
    return {"SIGNING_SECRET": secrets.token_urlsafe(48),
            "OUTBOX_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}   # a Fernet key


@cache
def _process_secrets() -> dict[str, str]:
    return _new_secrets()


def local_secrets(state_dir: Path | None = None) -> dict[str, str]:
    """The token-signing secret and the outbox key of a local run: never constants in the code.
    With `state_dir` (the local stack's .local/) they are made once per install and kept in
    `secrets.json` there (owner-only), so sessions, cursors and sealed SMS survive restarts;
    without it (tests, benches, fuzz) they are made once per process and handed to its child
    processes through the environment. Values already in the environment win."""
    names = ("SIGNING_SECRET", "OUTBOX_KEY")
    found: dict[str, str] = {}
    if state_dir is not None and not all(os.environ.get(name) for name in names):
        path = Path(state_dir) / SECRETS_FILE
        if path.exists():
            found = json.loads(path.read_text(encoding="utf-8"))
        else:
            found = _new_secrets()
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(found, out)
    generated = found or _process_secrets()
    return {name: os.environ.get(name) or generated[name] for name in names}


def local_aws_env(aws_port: int, prefix: str = "sahkar-local", state_dir: Path | None = None) -> dict[str, str]:
    return {
        **local_secrets(state_dir),
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{aws_port}",
        "AWS_DEFAULT_REGION": "ap-south-1",
        "AWS_REGION": "ap-south-1",
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_SESSION_TOKEN": "local",
        "STAGE": "local",
        "RESOURCE_PREFIX": prefix,
        "MOTO_PORT": str(aws_port),
        "POWERTOOLS_IDEMPOTENCY_DISABLED": "",
    }


def apply(env: dict[str, str]) -> None:
    for key, value in env.items():
        if value:
            os.environ[key] = value
        else:
            os.environ.pop(key, None)
