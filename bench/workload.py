"""What the bench asks of the app: the requests, the bare-pynamodb references, latency loops
and DynamoDB operations per request."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from stack.seed_data import VILLAGES, societies


@dataclass(frozen=True)
class Targets:
    """Keys present in the first `size` seeded societies, so the same requests hit the same
    items at every size."""

    reg_nos: tuple[str, ...]
    district: str
    village: str

    @classmethod
    def pick(cls, size: int, keys: int = 50) -> Targets:
        rows = list(islice(societies(size), size))
        step = max(1, len(rows) // keys)
        reg_nos = tuple(r["reg_no"] for r in rows[::step][:keys])
        district = Counter(r["district"] for r in rows).most_common(1)[0][0]
        names = [r["name_en"] for r in rows if r["district"] == district]
        counts = {en: sum(1 for n in names if re.search(rf"\b{en}\b", n))
                  for _, en in VILLAGES if " " not in en}
        village = max(counts, key=lambda en: (counts[en], en))
        return cls(reg_nos, district, village)

    def requests(self) -> dict[str, str]:
        """name -> path (the first society's key stands for GET by key in the per-request counts)."""
        return {
            "GET /societies/{reg_no}": f"/societies/{self.reg_nos[0]}",
            "GET /societies?district=&limit=20": f"/societies?district={self.district}&limit=20",
            "GET /societies?q=sahkari&limit=20": "/societies?q=sahkari&limit=20",
            "GET /societies?q=<village>&district=": f"/societies?q={self.village}&district={self.district}",
        }


def bare_models(table_name: str, region: str, host: str | None, read_timeout: float) -> tuple[type, type]:
    """Minimal pynamodb models of our own on the societies table: no app code at all. One with
    just the keys (for the bare get), one with the by_district index (for a bare list page)."""
    from pynamodb.attributes import UnicodeAttribute
    from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
    from pynamodb.models import Model

    meta = {"table_name": table_name, "region": region, "host": host, "read_timeout_seconds": read_timeout}

    class BareSociety(Model):
        Meta = type("Meta", (), meta)
        pk = UnicodeAttribute(hash_key=True)
        sk = UnicodeAttribute(range_key=True)

    class BareByDistrict(GlobalSecondaryIndex):
        Meta = type("Meta", (), {"index_name": "by_district", "projection": KeysOnlyProjection()})
        district = UnicodeAttribute(hash_key=True)
        sort_name = UnicodeAttribute(range_key=True)

    class BareListed(Model):
        Meta = type("Meta", (), meta)
        pk = UnicodeAttribute(hash_key=True)
        sk = UnicodeAttribute(range_key=True)
        district = UnicodeAttribute(null=True)
        sort_name = UnicodeAttribute(null=True)
        by_district = BareByDistrict()

    return BareSociety, BareListed


class Driver:
    """chalice.test.Client on the all-in-one app, and the bare references, as callables of the
    request number (so keys rotate the same way for every contender)."""

    def __init__(self, client: Any, targets: Targets, bare_get_model: type, bare_list_model: type) -> None:
        self.http = client.http
        self.targets = targets
        self.bare_get_model = bare_get_model
        self.bare_list_model = bare_list_model

    def call(self, path: str) -> Any:
        response = self.http.get(path)
        if response.status_code != 200:
            body = response.body.decode() if isinstance(response.body, bytes) else response.body
            raise RuntimeError(f"GET {path} answered {response.status_code}: {str(body)[:300]}")
        return response

    def key(self, i: int) -> str:
        return self.targets.reg_nos[i % len(self.targets.reg_nos)]

    def contenders(self) -> dict[str, Callable[[int], Any]]:
        t = self.targets
        get_model, list_model = self.bare_get_model, self.bare_list_model

        def bare_get(i: int) -> Any:
            item = get_model.get(f"SOC#{self.key(i)}", "META")
            return item

        def bare_query(i: int) -> Any:
            return list(islice(list_model.by_district.query(t.district, page_size=20, limit=20), 20))

        paths = t.requests()
        return {
            "bare pynamodb get": bare_get,
            "GET /societies/{reg_no}": lambda i: self.call(f"/societies/{self.key(i)}"),
            "bare pynamodb GSI query (20)": bare_query,
            "GET /societies?district=&limit=20": lambda i: self.call(paths["GET /societies?district=&limit=20"]),
            "GET /societies?q=sahkari&limit=20": lambda i: self.call(paths["GET /societies?q=sahkari&limit=20"]),
            "GET /societies?q=<village>&district=": lambda i: self.call(
                paths["GET /societies?q=<village>&district="]),
        }


def latency(contenders: dict[str, Callable[[int], Any]], requests: int, warmup: int, budget_s: float,
            warm: dict[str, float] | None = None,
            progress: Callable[[int], None] | None = None) -> dict[str, list[float]]:
    """Interleaved rounds (each round calls every contender once, in a rotating order) so that a
    noisy neighbour slows all of them alike. A contender stops once it has spent `budget_s`
    (moto's O(table) queries at large sizes); its n then says how many it got. Warm-up: up to
    `warmup` calls or a tenth of the budget; skipped for a contender `warm` says has just run
    and took longer than that (the per-request count already warmed its code path); if that one
    call took the whole budget, it is the only sample."""
    warm = warm or {}
    cap = budget_s / 10
    for name, fn in contenders.items():
        if warm.get(name, 0.0) > cap:
            continue
        started = time.perf_counter()
        for i in range(warmup):
            fn(i)
            if time.perf_counter() - started > cap:
                break
    names = list(contenders)
    samples: dict[str, list[float]] = {name: [] for name in names}
    spent = dict.fromkeys(names, 0.0)
    # one call already took the whole budget: that call is the only sample (n = 1)
    for name in names:
        if warm.get(name, 0.0) >= budget_s:
            samples[name].append(warm[name])
    active = [n for n in names if not samples[n]]
    for i in range(requests):
        if not active:
            break
        shift = i % len(active)
        for name in active[shift:] + active[:shift]:
            fn = contenders[name]
            started = time.perf_counter()
            fn(i)
            took = time.perf_counter() - started
            samples[name].append(took)
            spent[name] += took
        active = [n for n in active if spent[n] < budget_s]
        if progress:
            progress(1)
    return samples


def operations(driver: Driver, counter: Any) -> dict[str, dict]:
    """DynamoDB operations and items read by one request of each kind."""
    result = {}
    for name, path in driver.targets.requests().items():
        counter.reset()
        started = time.perf_counter()
        response = driver.call(path)
        took = time.perf_counter() - started
        body = response.json_body
        returned = len(body["items"]) if isinstance(body, dict) and "items" in body else 1
        result[name] = {"path": path, "operations": dict(sorted(counter.operations.items())),
                        "total": counter.total, "items_read": counter.items_read, "returned": returned,
                        "seconds": round(took, 4)}
    counter.reset()
    return result
