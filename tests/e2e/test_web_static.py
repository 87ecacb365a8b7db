"""The web client's files, checked without a browser: both languages carry every string the code
asks for, nothing is fetched from another host, and the server hands out the API's address and a
policy that keeps the page talking to the API only."""

from __future__ import annotations

import http.client
import re
from pathlib import Path

import requests

from stack.env import free_port
from stack.web import WEB_ROOT, WebServer

KEY = re.compile(r'"([a-z0-9_]+\.[A-Za-z0-9_.]+)":')
USED = re.compile(r'\bt\("([a-z0-9_]+\.[a-z0-9_.]+)"')
TEMPLATED = re.compile(r'\bt\(`([a-z0-9_]+)\.\$\{')


def _keys(lang: str) -> set[str]:
    return set(KEY.findall((WEB_ROOT / "js" / "strings" / f"{lang}.js").read_text()))


def _sources() -> list[Path]:
    return [p for p in (WEB_ROOT / "js").rglob("*.js") if "strings" not in p.parts]


def test_hindi_and_english_have_the_same_strings():
    hindi, english = _keys("hi"), _keys("en")
    assert hindi == english, {"only hi": sorted(hindi - english), "only en": sorted(english - hindi)}
    assert len(hindi) > 150


def test_every_string_the_code_asks_for_exists():
    hindi = _keys("hi")
    used = {key for path in _sources() for key in USED.findall(path.read_text())}
    # keys built from a view's own key names ("home.citizen" + ".title")
    cards = {k for path in _sources() for k in re.findall(r'card\("#/[^"]*", "([a-z.]+)"\)', path.read_text())}
    used |= {f"{k}.{part}" for k in cards for part in ("title", "text")}
    assert used - hindi == set()
    prefixes = {p for path in _sources() for p in TEMPLATED.findall(path.read_text())}
    for prefix in prefixes:                          # status.*, type.*, act.*…: at least one of each
        assert any(key.startswith(prefix + ".") for key in hindi), prefix


def test_no_file_names_another_host():
    for path in [*WEB_ROOT.rglob("*.js"), *WEB_ROOT.rglob("*.html"), *WEB_ROOT.rglob("*.css")]:
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", path.read_text()), path


def test_server_names_the_api_and_limits_the_page_to_it():
    port = free_port()
    server = WebServer(port, "http://127.0.0.1:8123/", "http://127.0.0.1:4599")
    server.start()
    try:
        config = requests.get(f"{server.url}/config.js", timeout=5)
        assert config.headers["Content-Type"].startswith("text/javascript")
        assert '"api": "http://127.0.0.1:8123"' in config.text
        page = requests.get(f"{server.url}/", timeout=5)
        policy = page.headers["Content-Security-Policy"]
        assert "connect-src 'self' http://127.0.0.1:4599 http://127.0.0.1:8123;" in policy
        assert "script-src 'self';" in policy and "default-src 'self'" in policy
        assert '<script type="module" src="js/main.js">' in page.text
        assert requests.get(f"{server.url}/js/", timeout=5).status_code == 404          # no listings
        raw = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        raw.request("GET", "/../stack/web.py")                          # sent as is, not normalised
        assert raw.getresponse().status == 404
        raw.close()
    finally:
        server.stop()


API_POST = re.compile(r'\bapi\(\s*(`[^`]*`|"[^"]*")\s*,\s*\{([^}]*method:\s*"POST"[^}]*)\}')


def test_every_creating_post_sends_an_idempotency_key_kept_for_the_action():
    """Each api() POST to a route that honours Idempotency-Key passes one, made once per user action
    (a variable or a key derived from one), not a fresh UUID per request; four identical presses
    of "file" must make one grievance."""
    from app import app  # noqa: F401 - fills the route table
    from chalicelib.core.http import REGISTRY

    creating = [re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(ep.path)) + "$")
                for ep in REGISTRY if ep.method == "POST" and ep.idempotent]
    seen = []
    for source in _sources():
        for path, options in API_POST.findall(source.read_text()):
            concrete = re.sub(r"\$\{[^}]+\}", "X1", path.strip('`"'))
            if not any(p.match(concrete) for p in creating):
                continue
            seen.append(concrete)
            key = re.search(r"idempotencyKey:\s*([^,}\s]+)", options)
            assert key, f"{source.name}: POST {concrete} sends no Idempotency-Key"
            assert key.group(1) != "newKey()", f"{source.name}: POST {concrete} makes a new key per press"
    assert {"/grievances", "/lokseva/applications", "/grievances/X1/reminders", "/grievances/X1/actions"} <= set(seen)
    upload = (WEB_ROOT / "js" / "upload.js").read_text()
    assert re.search(r"idempotencyKey:\s*newKey\(\)", upload)   # a declare is one action of uploadDocument


def test_uploads_send_exactly_the_signed_headers_the_api_returned():
    upload = (WEB_ROOT / "js" / "upload.js").read_text()
    # the PUT uses the API's headers (Content-Length excepted: the browser sets it, to the same size)
    assert "fetch(ticket.upload.url, { method: ticket.upload.method, headers, body: bytes })" in upload
    assert 'Object.entries(ticket.upload.headers)' in upload
    assert re.search(r'\.filter\(\(\[name\]\) => name\.toLowerCase\(\) !== "content-length"\)', upload)
