"""The local phone on the embedded AWS endpoint: an OTP sent through the API is on the phone (its
record, the console, the web app's /phone) within a second; a web server without a phone has
neither the route nor the panel's configuration."""

from __future__ import annotations

import re
import time

import pytest
import requests

from stack.env import free_port
from stack.phone import Phone
from stack.web import WebServer


@pytest.fixture
def phone(tmp_path, fresh_aws):
    said: list[str] = []
    phone = Phone(tmp_path / "sms.jsonl", console=said.append)
    phone.install()
    phone.said = said
    yield phone
    Phone.uninstall()


@pytest.fixture
def web(phone):
    server = WebServer(free_port(), "http://127.0.0.1:1", "http://127.0.0.1:2", phone=phone)
    server.start()
    yield server
    server.stop()


def test_an_otp_is_on_the_phone_within_a_second(client, phone, web):
    since = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() - 1)) + ".000Z"
    sent = client.post("/auth/otp", {"mobile": "9812345678"})
    assert sent.status == 202
    sent_at = time.monotonic()
    messages = []
    while not messages and time.monotonic() - sent_at < 1.0:
        messages = requests.get(f"{web.url}/phone", params={"to": "9812345678", "since": since}, timeout=5).json()[
            "messages"]
    assert messages, "the OTP was not readable within 1 s"
    otp = re.search(r"\b(\d{6})\b", messages[-1]["text"]).group(1)
    assert any(line.startswith("📱 SMS to +919812345678") and otp in line for line in phone.said)
    assert client.post("/auth/otp/verify", {"mobile": "9812345678", "otp": otp}).status == 200
    masked = requests.get(f"{web.url}/phone", params={"to": "XXXXXX5678"}, timeout=5).json()["messages"]
    assert masked[-1]["text"] == messages[-1]["text"]
    assert "phone" in requests.get(f"{web.url}/config.js", timeout=5).text


def test_phone_refuses_a_number_it_cannot_match(web):
    r = requests.get(f"{web.url}/phone", params={"to": "12"}, timeout=5)
    assert r.status_code == 400 and r.json()["error"]["details"][0]["field"] == "to"


def test_without_a_phone_no_route_and_no_panel(fresh_aws):
    server = WebServer(free_port(), "http://127.0.0.1:1", "http://127.0.0.1:2")
    server.start()
    try:
        assert requests.get(f"{server.url}/phone", params={"to": "9812345678"}, timeout=5).status_code == 404
        assert "phone" not in requests.get(f"{server.url}/config.js", timeout=5).text
    finally:
        server.stop()
