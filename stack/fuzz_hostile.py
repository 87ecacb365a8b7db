"""The hostile profile of `make fuzz`: strings and shapes no schema-driven generator tries.

For every operation of the running API's /openapi.json it sends FUZZ_EXAMPLES cases, each a
hostile value (deep nesting, lone surrogates, NUL and control characters, huge numbers, far
dates, very long strings, wrong types) placed in every body field, every query parameter or
every path parameter, with the roles' tokens taken in turn (admin, officer, citizen, society,
anonymous). Any 5xx is a failure. Deterministic for a given FUZZ_SEED.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote

import requests

DEEP = '{"a": ' * 600 + "1" + "}" * 600
BODY_VALUES = (
    "\ud800", "a\x00b", "\x1b[31m", "\x85", 10**30, -(10**20), 1.7e308, "9999-12-31", "0001-01-01",
    "9999-12-31T23:59:59+00:00", "क" * 4000, "x" * 70_000, {"$ne": [None, True]}, ["\ud800", 10**30], "", None,
    "9" * 30, True, [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
)
RAW_BODIES = (DEEP, "[" * 5000, '{"a": NaN}', "\x00", '"\\ud800"', "1" + "0" * 5000, "[]", "null")
TEXT_VALUES = (
    "\ud800", "a\x00b", "\x1b[31m", "\x85", "9999-12-31", "0001-01-01", str(10**30), "0000", "x" * 3000,
    "\u0661\u0662\u0663\u0664", "", "..", "-1", "%00", "' OR 1=1 --", "<script>", "NaN", "1e999",
)
METHODS = ("get", "post", "put", "patch", "delete")
PARAM = re.compile(r"\{([^}]+)\}")


@dataclass
class Result:
    cases: int = 0
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def _text(value: object) -> str:
    return quote(value if isinstance(value, str) else json.dumps(value), safe="", errors="surrogatepass")


def _cases(op: dict, path: str, rng: random.Random, count: int) -> list[tuple[str, str, bytes | None]]:
    """(path, query, body) triples: hostile values where the operation takes input."""
    names = [p["name"] for p in op.get("parameters", []) if p.get("in") == "query"]
    schema = (op.get("requestBody", {}).get("content", {}).get("application/json", {}) or {}).get("schema", {})
    fields = list(schema.get("properties", {})) or ["a"]
    kinds = ["body"] * bool(op.get("requestBody")) + ["query"] * bool(names) + ["path"] * bool(PARAM.search(path))
    cases = []
    for index in range(count):
        kind = kinds[index % len(kinds)] if kinds else "none"
        target, query, body = PARAM.sub("x1", path), "", b"{}" if op.get("requestBody") else None
        if kind == "body":
            if rng.random() < 0.25:
                body = rng.choice(RAW_BODIES).encode("utf-8", "surrogatepass")
            else:
                body = json.dumps({name: rng.choice(BODY_VALUES) for name in fields}).encode()
        elif kind == "query":
            query = "?" + "&".join(f"{name}={_text(rng.choice(TEXT_VALUES))}" for name in names)
        elif kind == "path":
            target = PARAM.sub(lambda _: _text(rng.choice(TEXT_VALUES)), path)
        cases.append((target, query, body))
    return cases


def _send(method: str, url: str, body: bytes | None, headers: dict) -> tuple[int, object]:
    """One request on a fresh connection; a dropped connection is tried once more, then is 599."""
    for attempt in (1, 2):
        try:
            response = requests.request(method, url, data=body, headers=headers, timeout=60)
            return response.status_code, response
        except requests.RequestException as exc:
            if attempt == 2:
                return 599, exc
    raise AssertionError("unreachable")


def run(api: str, tokens: dict[str, str | None], examples: int, seed: int, paths: str | None = None) -> Result:
    spec = requests.get(f"{api}/openapi.json", timeout=30).json()
    rng = random.Random(seed)
    result = Result()
    roles = list(tokens)
    for path, item in sorted(spec["paths"].items()):
        if paths and not re.search(paths, path):
            continue
        for method in METHODS:
            if method not in item:
                continue
            for index, (target, query, body) in enumerate(_cases(item[method], path, rng, examples)):
                role = roles[(index + rng.randrange(len(roles))) % len(roles)]
                headers = {"Connection": "close", "Content-Type": "application/json", "Accept-Language": "en"}
                if tokens[role]:
                    headers["Authorization"] = f"Bearer {tokens[role]}"
                status, response = _send(method.upper(), f"{api}{target}{query}", body, headers)
                result.cases += 1
                result.statuses[status] += 1
                if status >= 500:
                    result.failures.append(f"{method.upper()} {path} as {role}: {status} "
                                           f"{str(response)[:200] if status == 599 else ''} "
                                           f"{target[:80]!r}{query[:80]!r} body={(body or b'')[:80]!r}")
    return result
