"""What the browser tests need: the real local stack with its web app, and Debian's Chromium.

The stack is `python -m stack.run` on free ports with few societies; OTPs are read back from
the local phone's record (stack/phone.py, what `make sms` reads), as a person would read them off
their phone. Chromium runs headless through
/usr/bin/chromedriver (so selenium-manager downloads nothing), in a fresh profile.
"""

from __future__ import annotations

import base64
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from stack.env import free_port
from stack.phone import read

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "web"
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM = Path("/usr/bin/chromium")
CLOSE = {"Connection": "close"}
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
                  "--disable-features=Translate,OptimizationHints,MediaRouter")


class WebStack:
    """`make run` on free ports (API, AWS, web), its state in a temporary folder."""

    def __init__(self, state_dir: Path, societies: int = 100) -> None:
        self.aws_port, self.api_port, self.web_port = free_port(), free_port(), free_port()
        self.api = f"http://127.0.0.1:{self.api_port}"
        self.aws = f"http://127.0.0.1:{self.aws_port}"
        self.web = f"http://127.0.0.1:{self.web_port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "RESOURCE_", "MOTO_", "STAGE"))}
        env.update(AWS_PORT=str(self.aws_port), API_PORT=str(self.api_port), WEB_PORT=str(self.web_port),
                   SEED_SOCIETIES=str(societies), LOCAL_STATE_DIR=str(state_dir))
        self.sms_path = state_dir / "sms.jsonl"
        self.log_path = state_dir / "run.log"
        self.log = self.log_path.open("a")
        self.process = subprocess.Popen([sys.executable, "-m", "stack.run"], cwd=ROOT, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, seconds: float = 240) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the stack exited early:\n{self.log_path.read_text()[-3000:]}"
            if "Sahkar Setu is running." in self.log_path.read_text():
                return
            time.sleep(0.5)
        raise AssertionError("the stack did not come up")

    def sms_count(self, mobile: str) -> int:
        return len(self._sms(mobile))

    def otp(self, mobile: str, after: int = 0, seconds: float = 20) -> str:
        """The newest OTP sent to this mobile, waiting for an SMS beyond the first `after`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            texts = self._sms(mobile)
            if len(texts) > after:
                return re.search(r"\b(\d{6})\b", texts[-1]).group(1)
            time.sleep(0.3)
        raise AssertionError(f"no OTP for {mobile}")

    def sms_text(self, mobile: str, seconds: float = 20) -> str:
        """Every SMS sent to this mobile, once there is at least one."""
        deadline = time.monotonic() + seconds
        while not (texts := self._sms(mobile)) and time.monotonic() < deadline:
            time.sleep(0.3)
        return "\n".join(texts)

    def _sms(self, mobile: str) -> list[str]:
        """As the local phone recorded them (stack/phone.py; what `make sms` reads)."""
        return [m["text"] for m in read(self.sms_path, mobile, limit=10_000)]

    def stop(self) -> int:
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            code = self.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            code = self.process.wait(10)
        self.log.close()
        return code


def chromium(profile: Path, width: int = 1280, height: int = 900):
    if not (CHROMEDRIVER.exists() and CHROMIUM.exists()):
        if os.environ.get("SKIP_BROWSER_TESTS"):
            pytest.skip("Chromium is not installed (SKIP_BROWSER_TESTS is set)")
        pytest.fail("Chromium and chromedriver are missing: `make test` installs them "
                    "(apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument("--lang=hi")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    return driver


def screenshot(driver, name: str, full_page: bool = True) -> Path:
    """A PNG under tests/artifacts/web/: the whole page, not only what fits in the window."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if not full_page:
        driver.save_screenshot(str(path))
        return path
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def tiny_pdf(path: Path) -> Path:
    """A small valid PDF (one empty page): what a citizen attaches as a letter."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def society_files_return(stack: WebStack, reg_no: str, pdf: Path, password: str) -> str:
    """A society files its annual report with a PDF through the API (what its own office would do),
    so a citizen has a filed document to find on the society's page. Returns the document id."""
    import hashlib

    def call(method: str, path: str, token: str | None = None, **kw) -> dict:
        headers = {**CLOSE, **({"Authorization": f"Bearer {token}"} if token else {})}
        answer = requests.request(method, f"{stack.api}{path}", headers=headers, timeout=30, **kw)
        assert answer.ok, (path, answer.status_code, answer.text)
        return answer.json()

    def all_sms() -> list[dict]:
        return [{"message": m["text"]} for m in read(stack.sms_path, limit=100_000)]

    before = len(all_sms())
    challenge = call("POST", "/auth/login", json={"username": reg_no.lower(), "password": password})["challenge_id"]
    deadline = time.monotonic() + 20
    while len(sent := all_sms()) <= before and time.monotonic() < deadline:
        time.sleep(0.3)
    otp = re.search(r"\b(\d{6})\b", sent[-1]["message"]).group(1)
    token = call("POST", "/auth/login/verify", json={"challenge_id": challenge, "otp": otp})["token"]
    data = pdf.read_bytes()
    ticket = call("POST", f"/filings/societies/{reg_no}/documents", token,
                  json={"name": "annual-report-2025-26.pdf", "content_type": "application/pdf", "size": len(data),
                        "sha256": hashlib.sha256(data).hexdigest()})
    upload = ticket["upload"]
    assert requests.put(upload["url"], data=data, headers={**upload["headers"], **CLOSE}, timeout=30).ok
    call("POST", f"/filings/documents/{ticket['document_id']}/confirm", token)
    call("POST", f"/filings/societies/{reg_no}/returns", token,
         json={"financial_year": "2025-26", "return_type": "annual_report", "document_ids": [ticket["document_id"]]})
    return ticket["document_id"]


def citizen_files_grievance(stack: WebStack, mobile: str, subject: str) -> str:
    """Another citizen files a Bhopal grievance through the API (the mobile app's way). Returns its URN."""
    assert requests.post(f"{stack.api}/auth/otp", json={"mobile": mobile}, headers=CLOSE, timeout=30).status_code == 202
    session = requests.post(f"{stack.api}/auth/otp/verify", json={"mobile": mobile, "otp": stack.otp(mobile)},
                            headers=CLOSE, timeout=30).json()
    filed = requests.post(f"{stack.api}/grievances", headers={**CLOSE, "Authorization": f"Bearer {session['token']}"},
                          json={"type": "complaint", "category": "membership", "district": "bhopal",
                                "subject": subject, "description": "सदस्यता आवेदन पर निर्णय नहीं हुआ।"}, timeout=30)
    assert filed.status_code == 201, filed.text
    return filed.json()["urn"]
