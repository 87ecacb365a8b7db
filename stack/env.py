"""Environment for talking to the embedded AWS endpoint; set before the app is imported."""

from __future__ import annotations

import os
import socket


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def local_aws_env(aws_port: int, prefix: str = "sahkar-local") -> dict[str, str]:
    return {
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
