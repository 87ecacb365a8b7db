"""`make sms`: the latest SMS the local stack sent (OTPs included), newest last."""

from __future__ import annotations

import os
import sys

import requests


def main() -> None:
    port = os.environ.get("AWS_PORT", "4566")
    wanted = sys.argv[1][-10:] if len(sys.argv) > 1 else None
    data = requests.get(f"http://127.0.0.1:{port}/moto-api/data.json", timeout=10).json()
    messages = data.get("sns", {}).get("SMS", [])
    for message in messages[-20:] if not wanted else messages:
        if wanted and not message["phone_number"].endswith(wanted):
            continue
        print(f"{message['phone_number']}: {message['message']}")


if __name__ == "__main__":
    main()
