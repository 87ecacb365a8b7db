"""`make run` as a person uses it: start, speak HTTP, Ctrl-C, start again and find the data."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from stack.bootstrap import DEMO_PASSWORD
from stack.env import free_port

ROOT = Path(__file__).resolve().parents[2]
CLOSE = {"Connection": "close"}


class Stack:
    def __init__(self, state_dir: Path) -> None:
        self.aws_port, self.api_port = free_port(), free_port()
        self.api = f"http://127.0.0.1:{self.api_port}"
        self.aws = f"http://127.0.0.1:{self.aws_port}"
        env = {k: v for k, v in os.environ.items()     # the install makes its own secrets (.local/secrets.json)
               if not k.startswith(("AWS_", "RESOURCE_", "MOTO_", "STAGE", "SIGNING_SECRET", "OUTBOX_KEY"))}
        env.update(AWS_PORT=str(self.aws_port), API_PORT=str(self.api_port), SEED_SOCIETIES="200",
                   LOCAL_STATE_DIR=str(state_dir))
        self.state_dir = state_dir
        self.log_path = state_dir / "run.log"
        self.log = self.log_path.open("a")
        self.process = subprocess.Popen([sys.executable, "-m", "stack.run"], cwd=ROOT, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, seconds: float = 240) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the stack exited early"
            try:
                if requests.get(f"{self.api}/health", headers=CLOSE, timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise AssertionError("the stack did not come up")

    def otp(self, mobile: str) -> str:
        """The newest OTP to `mobile` as `make sms MOBILE=…` prints it (the local phone's record),
        checked against the same SMS printed on the `make run` console."""
        env = {**os.environ, "LOCAL_STATE_DIR": str(self.state_dir)}
        out = subprocess.run(["make", "-s", "sms", f"MOBILE={mobile}"], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=30, check=True).stdout
        otp = re.findall(r"\b(\d{6})\b", out)[-1]
        assert any(line.startswith(f"📱 SMS to +91{mobile}: ") and otp in line
                   for line in self.log_path.read_text().splitlines()), "not on the console"
        return otp

    def stop(self) -> int:
        os.killpg(self.process.pid, signal.SIGINT)
        code = self.process.wait(60)
        self.log.close()
        return code


def _children_of(pgid: int) -> list[str]:
    out = subprocess.run(["ps", "-eo", "pgid=,pid=,args="], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line.split()[0] == str(pgid)]



def _banner(stack: Stack, starts: int) -> str:
    """The banner of the stack's `starts`-th start (printed just after the API answers)."""
    for _ in range(100):
        banners = stack.log_path.read_text().split("Sahkar Setu is running.")[1:]
        if len(banners) >= starts and "Ctrl-C stops everything." in banners[starts - 1]:
            return banners[starts - 1]
        time.sleep(0.2)
    raise AssertionError("no banner")


def _new_demo_logins_sign_in(stack: Stack) -> None:
    """The court reader, HQ file officer, establishment clerk, employee and PACS operator, as the banner
    lists them, sign in after a restart, each with the OTP `make sms` shows."""
    banner = _banner(stack, 2)
    wanted = ("court.bhopal", "so.files", "est.bhopal", "mp00012345", "pacs.operator")
    mobiles = {line.split()[0]: line.split()[-1] for line in banner.splitlines()
               if line.split()[:1] and line.split()[0] in wanted}
    assert set(mobiles) == set(wanted), banner
    challenges = {}
    for username in wanted:
        r = requests.post(f"{stack.api}/auth/login", json={"username": username, "password": DEMO_PASSWORD},
                          headers=CLOSE, timeout=30)
        assert r.status_code == 200, (username, r.text)
        challenges[username] = r.json()["challenge_id"]
    for username, challenge in challenges.items():
        body = {"challenge_id": challenge, "otp": stack.otp(mobiles[username])}
        r = requests.post(f"{stack.api}/auth/login/verify", json=body, headers=CLOSE, timeout=10)
        assert r.status_code == 200, (username, r.text)
    assert {"escalation_sweep", "yearly_obligations", "leave_credit_sweep"} <= set(banner.split())
    assert " failed: " not in stack.log_path.read_text()                # no scheduled job failed so far


def test_run_serves_stops_cleanly_and_keeps_data(tmp_path):
    stack = Stack(tmp_path)
    try:
        stack.wait_ready()
        districts = requests.get(f"{stack.api}/geo/districts", headers=CLOSE, timeout=10).json()
        assert len(districts) == 55
        found = requests.get(f"{stack.api}/societies", params={"q": "सहकारी", "limit": 5}, headers=CLOSE,
                             timeout=30).json()["items"]
        assert len(found) == 5
        assert requests.post(f"{stack.api}/auth/otp", json={"mobile": "9876543210"}, headers=CLOSE,
                             timeout=10).status_code == 202
        session = requests.post(f"{stack.api}/auth/otp/verify", json={"mobile": "9876543210",
                                                                       "otp": stack.otp("9876543210")},
                                headers=CLOSE, timeout=10).json()
        citizen_token = session["token"]
        challenge = requests.post(f"{stack.api}/auth/login", json={"username": "dr.bhopal", "password": "Sahkar@2026"},
                                  headers=CLOSE, timeout=30).json()["challenge_id"]
        token = requests.post(f"{stack.api}/auth/login/verify", json={"challenge_id": challenge,
                                                                       "otp": stack.otp("9000000004")},
                              headers=CLOSE, timeout=10).json()["token"]
        created = requests.post(f"{stack.api}/societies", headers={**CLOSE, "Authorization": f"Bearer {token}"},
                                json={"name_hi": "नवोदय गृह निर्माण सहकारी संस्था",
                                      "name_en": "Navoday Griha Nirman Sahkari Sanstha",
                                      "type": "housing", "district": "bhopal", "address": "कोलार रोड, भोपाल",
                                      "registered_on": "2025-01-15", "mobile": "9333333333"}, timeout=30)
        assert created.status_code == 201, created.text
        reg_no = created.json()["reg_no"]
    finally:
        assert stack.stop() == 0
    assert _children_of(stack.process.pid) == []                       # nothing left behind
    assert (tmp_path / "aws-state.pickle").exists()
    kept = tmp_path / "secrets.json"                                     # this install's own token secret
    assert kept.stat().st_mode & 0o777 == 0o600 and os.environ["SIGNING_SECRET"] not in kept.read_text()

    again = Stack(tmp_path)
    try:
        again.wait_ready(120)
        assert requests.get(f"{again.api}/societies/{reg_no}", headers=CLOSE, timeout=10).json()["name_en"].startswith(
            "Navoday")
        me = requests.get(f"{again.api}/me", headers={**CLOSE, "Authorization": f"Bearer {citizen_token}"},
                          timeout=10).json()
        assert me["mobile"] == "XXXXXX3210"                              # the citizen's record survived
        limited = requests.post(f"{again.api}/auth/otp", json={"mobile": "9876543210"}, headers=CLOSE, timeout=10)
        assert limited.status_code == 429                                 # and so did the OTP send log
        assert "seeding" not in (tmp_path / "run.log").read_text().split("state restored")[-1]
        _new_demo_logins_sign_in(again)
    finally:
        assert again.stop() == 0
