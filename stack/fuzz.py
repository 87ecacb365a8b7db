"""`make fuzz`: schemathesis and a hostile profile against a running local stack.

Starts a throw-away stack (moto and `chalice local` on free ports, a few hundred societies, the
demo accounts). The schema profile runs schemathesis on /openapi.json signed in as the demo
admin, failing on any 5xx or any response that breaks its own schema. The hostile profile
(stack.fuzz_hostile) throws deep nesting, lone surrogates, control characters, huge numbers, far
dates, long strings and wrong types at every operation as admin, officer, citizen, society and
anonymous, failing on any 5xx. FUZZ_PROFILE=schema|hostile runs one; FUZZ_EXAMPLES sets the
examples per operation (both profiles), FUZZ_PHASES schemathesis's phases.
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
SOCIETIES = 300
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"


CLOSE = {"Connection": "close"}


def _last_otp(aws: str, mobile: str) -> str:
    messages = requests.get(f"{aws}/moto-api/data.json", timeout=30).json()["sns"]["SMS"]
    text = [m["message"] for m in messages if m["phone_number"].endswith(mobile[-10:])][-1]
    return re.search(r"\b(\d{6})\b", text).group(1)


def _staff_token(api: str, aws: str, username: str) -> str:
    from chalicelib.identity import store
    from stack.bootstrap import DEMO_PASSWORD, set_password

    set_password(username)
    challenge = requests.post(f"{api}/auth/login", json={"username": username, "password": DEMO_PASSWORD},
                              headers=CLOSE, timeout=30).json()["challenge_id"]
    otp = _last_otp(aws, store.get_user(username).mobile)
    return requests.post(f"{api}/auth/login/verify", json={"challenge_id": challenge, "otp": otp},
                         headers=CLOSE, timeout=30).json()["token"]


def _citizen_token(api: str, aws: str, mobile: str = "9876500042") -> str:
    requests.post(f"{api}/auth/otp", json={"mobile": mobile}, headers=CLOSE, timeout=30).raise_for_status()
    return requests.post(f"{api}/auth/otp/verify", json={"mobile": mobile, "otp": _last_otp(aws, mobile)},
                         headers=CLOSE, timeout=30).json()["token"]


def _tokens(api: str, aws: str, societies: int) -> dict[str, str | None]:
    """admin, a district officer, a citizen, a society's own login, and no token at all."""
    from chalicelib.identity.public import society_username
    from stack.seed_data import societies as seeded

    society = society_username(next(r["reg_no"] for r in seeded(societies) if r["district"] == "bhopal"))
    return {"admin": _staff_token(api, aws, "admin"), "officer": _staff_token(api, aws, "dr.bhopal"),
            "citizen": _citizen_token(api, aws), "society": _staff_token(api, aws, society), "anonymous": None}


def _hostile(api: str, tokens: dict[str, str | None]) -> int:
    from stack.fuzz_hostile import run

    result = run(api, tokens, int(os.environ.get("FUZZ_EXAMPLES", "40")), int(os.environ.get("FUZZ_SEED", "2026")),
                 os.environ.get("FUZZ_PATHS"))
    for line in result.failures[:50]:
        print("5xx:", line)
    statuses = ", ".join(f"{status}: {count}" for status, count in sorted(result.statuses.items()))
    print(f"hostile profile: {result.cases} cases as {', '.join(tokens)}; "
          f"{len(result.failures)} answered 5xx ({statuses})")
    return 1 if result.failures or not result.cases else 0


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
        seed_societies(SOCIETIES, show_progress=False)
        bootstrap.ensure_master_data()
        bootstrap.ensure_demo_accounts()
        api = ApiProcess(free_port(), quiet=True)
        if not api.wait_ready():
            print("the API did not start", file=sys.stderr)
            return 2
        tokens = _tokens(api.url, aws.url, SOCIETIES)
        profile = os.environ.get("FUZZ_PROFILE", "all")
        failed = _hostile(api.url, tokens) if profile in ("all", "hostile") else 0
        if profile == "hostile":
            return failed
        token = tokens["admin"]
        report_dir = Path("tests/artifacts/fuzz")
        report_dir.mkdir(parents=True, exist_ok=True)
        command = [
            str(Path(sys.executable).parent / "schemathesis"), "--config-file", str(CONFIG),
            "run", f"{api.url}/openapi.json",
            "--checks", CHECKS, "--workers", "1", "--max-examples", os.environ.get("FUZZ_EXAMPLES", "40"),
            "--phases", os.environ.get("FUZZ_PHASES", "examples,coverage,fuzzing"),
            "--seed", os.environ.get("FUZZ_SEED", "2026"),
            "--header", f"Authorization: Bearer {token}", "--header", "Connection: close",
            "--request-timeout", "30", "--report", "junit", "--report-dir", str(report_dir),
            "--suppress-health-check", "all", "--no-color",
        ]
        if os.environ.get("FUZZ_PATHS"):   # e.g. FUZZ_PATHS='^/subvention' while working on one service
            command += ["--include-path-regex", os.environ["FUZZ_PATHS"]]
        return subprocess.run(command, check=False).returncode or failed
    finally:
        if api:
            api.stop()
        aws.stop()


if __name__ == "__main__":
    sys.exit(main())
