"""`make sms [MOBILE=…]`: the SMS the local stack sent (OTPs included), newest last.

Reads the local phone's record (.local/sms.jsonl, written by stack/phone.py as each SMS goes
out), so it answers at once whatever the size of the registry.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from stack.phone import read

ROOT = Path(__file__).resolve().parent.parent


def log_path() -> Path:
    return Path(os.environ.get("LOCAL_STATE_DIR", ROOT / ".local")) / "sms.jsonl"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    wanted = args[0] if args else None
    path = log_path()
    if not path.exists():
        print(f"no SMS yet ({path} appears when `make run` sends the first one)", file=sys.stderr)
        return 1
    messages = read(path, wanted, limit=20)
    if not messages:
        print(f"no SMS to {wanted} yet" if wanted else "no SMS yet", file=sys.stderr)
        return 1
    for message in messages:
        print(f"{message['at']}  {message['to']}: {message['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
