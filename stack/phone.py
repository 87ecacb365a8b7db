"""The local stack's phone: every SMS the stack sends, readable the moment it goes out.

Locally SNS is moto, in `make run`'s own process. `Phone.install()` wraps moto's SMS publish so
each SMS (OTPs included) is, as it is sent:
  - printed on the `make run` console (that console is the simulated phone, not a log);
  - appended to `.local/sms.jsonl`, which `make sms [MOBILE=…]` reads (no need to fetch moto's
    whole state, which takes a minute at 50,000 societies);
  - kept for the web app's phone panel (stack/web.py serves it at /phone on the local stage only).
Nothing of this exists in a deployed stage: it lives in stack/, which no function ships.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

_installed: dict[str, Any] = {}


def now_iso() -> str:
    """UTC with milliseconds and a Z, as a browser's Date.toISOString() writes it (so they compare)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


class Phone:
    def __init__(self, path: Path, console: Callable[[str], None] | None = None) -> None:
        self.path = path
        self.console = console
        self._lock = threading.Lock()

    def record(self, number: str, text: str) -> None:
        entry = {"at": now_iso(), "to": number, "text": text}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(line)
        if self.console:
            self.console(f"📱 SMS to {number}: {text}")

    def latest(self, to: str, since: str | None = None, limit: int = 3) -> list[dict]:
        return read(self.path, to, since=since, limit=limit)

    def install(self) -> None:
        """Observe moto's SMS publish in this process (the embedded AWS endpoint's)."""
        from moto.sns.models import SNSBackend

        original = _installed.setdefault("publish", SNSBackend.publish)
        phone = self

        def publish(self: Any, message: str, arn: str | None, phone_number: str | None = None,
                    *args: Any, **kwargs: Any) -> str:
            message_id = original(self, message, arn, phone_number, *args, **kwargs)
            if phone_number:
                phone.record(phone_number, message)
            return message_id

        SNSBackend.publish = publish

    @staticmethod
    def uninstall() -> None:
        from moto.sns.models import SNSBackend

        if "publish" in _installed:
            SNSBackend.publish = _installed.pop("publish")


def _lines_backwards(path: Path, block: int = 1 << 18):
    """The file's lines, last first, read from the end a block at a time (the record only grows:
    a person wants the newest SMS, not a scan of every one since the first start)."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        position, tail = handle.tell(), b""
        while position > 0:
            step = min(block, position)
            position -= step
            handle.seek(position)
            chunk = handle.read(step) + tail
            lines = chunk.split(b"\n")
            tail = lines.pop(0)          # may be cut: completed by the next block
            for line in reversed(lines):
                if line:
                    yield line.decode("utf-8", errors="replace")
        if tail:
            yield tail.decode("utf-8", errors="replace")


def read(path: Path, to: str | None = None, since: str | None = None, limit: int = 20) -> list[dict]:
    """The newest `limit` SMS (oldest first) sent to numbers ending with the digits of `to` (a
    mobile, or a masked one such as XXXXXX0004), at or after the ISO time `since`."""
    wanted = _digits(to or "")[-10:]
    if not path.exists():
        return []
    found: list[dict] = []
    for line in _lines_backwards(path):
        try:
            entry = json.loads(line)
        except ValueError:
            continue    # a line being written as we read
        if since and entry["at"] < since:
            break
        if wanted and not _digits(entry["to"]).endswith(wanted):
            continue
        found.append(entry)
        if len(found) >= limit:
            break
    return found[::-1]
