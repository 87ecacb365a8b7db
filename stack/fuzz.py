"""`make fuzz`: schemathesis against a running local stack's /openapi.json.

Starts a throw-away stack (moto and `chalice local` on free ports, a few hundred societies, the
demo accounts), signs in as the demo admin so protected routes are exercised too, and fails on
any 5xx or any response that breaks its own schema.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import requests

from stack.env import apply, free_port, local_aws_env

CONFIG = Path(__file__).with_name("schemathesis.toml")
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"


def _admin_token(api: str, aws: str) -> str:
    from stack.bootstrap import DEMO_ACCOUNTS, DEMO_PASSWORD

    admin = next(d for d in DEMO_ACCOUNTS if d.username == "admin")
    close = {"Connection": "close"}
    challenge = requests.post(f"{api}/auth/login", json={"username": "admin", "password": DEMO_PASSWORD},
                              headers=close, timeout=30).json()["challenge_id"]
    messages = requests.get(f"{aws}/moto-api/data.json", timeout=30).json()["sns"]["SMS"]
    text = [m["message"] for m in messages if m["phone_number"].endswith(admin.mobile)][-1]
    otp = re.search(r"\b(\d{6})\b", text).group(1)
    return requests.post(f"{api}/auth/login/verify", json={"challenge_id": challenge, "otp": otp},
                         headers=close, timeout=30).json()["token"]


def main() -> int:
    apply(local_aws_env(free_port(), prefix="sahkar-fuzz"))
    from stack import bootstrap
    from stack.api_process import ApiProcess
    from stack.moto_server import EmbeddedAws
    from stack.seed import seed_societies

    aws = EmbeddedAws(int(os.environ["MOTO_PORT"]))
    aws.start()
    api = None
    try:
        bootstrap.ensure_resources()
        seed_societies(300, show_progress=False)
        bootstrap.ensure_master_data()
        bootstrap.ensure_demo_accounts()
        api = ApiProcess(free_port(), quiet=True)
        if not api.wait_ready():
            print("the API did not start", file=sys.stderr)
            return 2
        token = _admin_token(api.url, aws.url)
        report_dir = Path("tests/artifacts/fuzz")
        report_dir.mkdir(parents=True, exist_ok=True)
        command = [
            str(Path(sys.executable).parent / "schemathesis"), "--config-file", str(CONFIG),
            "run", f"{api.url}/openapi.json",
            "--checks", CHECKS, "--workers", "1", "--max-examples", os.environ.get("FUZZ_EXAMPLES", "40"),
            "--phases", "examples,coverage,fuzzing", "--seed", os.environ.get("FUZZ_SEED", "2026"),
            "--header", f"Authorization: Bearer {token}", "--header", "Connection: close",
            "--request-timeout", "30", "--report", "junit", "--report-dir", str(report_dir),
            "--suppress-health-check", "all", "--no-color",
        ]
        if os.environ.get("FUZZ_PATHS"):   # e.g. FUZZ_PATHS='^/subvention' while working on one service
            command += ["--include-path-regex", os.environ["FUZZ_PATHS"]]
        return subprocess.run(command, check=False).returncode
    finally:
        if api:
            api.stop()
        aws.stop()


if __name__ == "__main__":
    sys.exit(main())
