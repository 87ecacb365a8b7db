"""The grievance section of `make bench` (issue 3): filing latency, GET /grievances/{urn} against a bare
GetItem of the same item, and the escalation sweep's DynamoDB operations with a small and a large
number of open grievances, exactly 100 of them due each time (the counts must be the same).

Time is the app's controllable clock (core.clock.set_clock); the bench moves it, so dates below
are the data's, not the machine's:

    T0            each round's 100 "due" grievances are filed through the API (L1 limit: 7 days)
    T0+1h…T0+4d   the filler grievances' filing times, written directly (due after the sweep)
    SWEEP = T0+7d the sweep runs: exactly the 100 filed at T0 are due
    SWEEP+1h      latency: citizens sign in (a token lives an hour), file, read their grievance

Round 2 goes back to T0 for its own 100, then the sweep runs at the same moment again: round 1's
100 are at L2 by then (due SWEEP+7d) and everything filed at SWEEP+1h is due a week later.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

T0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)   # a Monday, 11:30 in Bhopal
SWEEP_AT = T0 + timedelta(days=7)
LATENCY_AT = SWEEP_AT + timedelta(hours=1)
DUE = 100
FILLER_SPREAD = timedelta(days=4)   # fillers' filing times: T0+1h … T0+1h+spread

BARE = "bare pynamodb GetItem (grievance)"
GET = "GET /grievances/{urn}"
POST = "POST /grievances"
SWEEP = "escalation sweep (100 due)"

# The same mix of categories and districts in every round, so each round's due grievances route alike.
CATEGORIES = ("society_management", "membership", "election", "audit", "housing", "crop_loan", "deposit")
DISTRICTS = ("bhopal", "indore", "jabalpur", "gwalior", "ujjain", "sagar", "rewa", "raisen", "sehore", "dewas")
TEXT = {"type": "complaint", "subject": "AGM not held",
        "description": "The society has not held its annual general meeting for two years."}


class BenchClock:
    """The app's clock, set by the bench: core.clock reads `moment`."""

    def __init__(self) -> None:
        self.moment = T0

    def __enter__(self) -> BenchClock:
        from chalicelib.core import clock

        clock.set_clock(lambda: self.moment)
        return self

    def __exit__(self, *_: object) -> None:
        from chalicelib.core import clock

        clock.set_clock(None)

    def at(self, moment: datetime) -> None:
        self.moment = moment


@dataclass
class Citizen:
    mobile: str
    token: str
    urn: str | None = None


def _otp_from_moto(mobile: str) -> str:
    """The last OTP SNS sent to `mobile`, read from moto's backend in this process (the HTTP dump of
    moto's state would serialise every DynamoDB item too)."""
    import re

    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    from chalicelib.core.config import get_settings

    number = "+91" + mobile[-10:]
    messages = sns_backends[DEFAULT_ACCOUNT_ID][get_settings().region].sms_messages
    for phone, text in reversed(list(messages.values())):
        if phone == number:
            found = re.search(r"\b(\d{6})\b", text)
            if found:
                return found.group(1)
    raise RuntimeError(f"no OTP sent to …{mobile[-4:]}")


class Api:
    """The requests the section makes, through chalice.test.Client; anything but the expected
    status stops the bench (a timing of an error page is no timing)."""

    def __init__(self, http: Any) -> None:
        self.http = http
        self._mobiles = iter(range(8_100_000_000, 8_200_000_000))
        self._keys = iter(range(10**9))

    def _call(self, method: str, path: str, expect: int, body: dict | None = None, token: str | None = None,
              idempotency: bool = False) -> Any:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if idempotency:
            headers["Idempotency-Key"] = f"bench-{next(self._keys)}-{time.time_ns()}"
        send = getattr(self.http, method.lower())
        response = send(path, headers=headers, body=json.dumps(body)) if body is not None else send(
            path, headers=headers)
        if response.status_code != expect:
            text = response.body.decode() if isinstance(response.body, bytes) else str(response.body)
            raise RuntimeError(f"{method} {path} answered {response.status_code}: {text[:300]}")
        return response

    def sign_in(self, mobile: str | None = None) -> Citizen:
        mobile = mobile or str(next(self._mobiles))
        self._call("POST", "/auth/otp", 202, {"mobile": mobile})
        token = self._call("POST", "/auth/otp/verify", 200, {"mobile": mobile, "otp": _otp_from_moto(mobile)})
        return Citizen(mobile, json.loads(token.body)["token"])

    def file(self, citizen: Citizen, n: int) -> str:
        body = {**TEXT, "category": CATEGORIES[n % len(CATEGORIES)], "district": DISTRICTS[n % len(DISTRICTS)]}
        response = self._call("POST", "/grievances", 201, body, citizen.token, idempotency=True)
        citizen.urn = json.loads(response.body)["urn"]
        return citizen.urn

    def get(self, citizen: Citizen) -> Any:
        return self._call("GET", f"/grievances/{citizen.urn}", 200, token=citizen.token)


def bare_model(table_name: str, region: str, host: str | None, read_timeout: float) -> type:
    """Our own minimal pynamodb model on the grievances table: keys only, no app code."""
    from pynamodb.attributes import UnicodeAttribute
    from pynamodb.models import Model

    meta = {"table_name": table_name, "region": region, "host": host, "read_timeout_seconds": read_timeout}

    class BareGrievance(Model):
        Meta = type("Meta", (), meta)
        pk = UnicodeAttribute(hash_key=True)
        sk = UnicodeAttribute(range_key=True)

    return BareGrievance


# --- the filler grievances, written directly --------------------------------------------------

@dataclass
class Filler:
    """Writes open L1 grievances as the service writes them (item, its first history entry, index keys
    derived by the store itself) but in batches: through the API 100,000 would take hours on moto."""

    taken: set[str] = field(default_factory=set)   # URNs filed through the API: never overwritten
    next_n: int = 0
    _seats: dict = field(default_factory=dict)
    _categories: dict = field(default_factory=dict)

    def _category(self, code: str) -> dict:
        from chalicelib.grievances import store

        if not self._categories:
            self._categories = {i.sk.removeprefix("CATEGORY#"): i.data for i in store.master.listed("CATEGORY#")}
        return self._categories[code]

    def _seat(self, office: str, district: str) -> Any:
        from chalicelib.grievances import domain, service

        key = (office, district)
        if key not in self._seats:
            self._seats[key] = service.seat_for(domain.Position(office, district, 1))
        return self._seats[key]

    def _urns(self) -> Iterator[str]:
        from chalicelib.grievances import domain

        while True:
            self.next_n += 1
            urn = domain.urn_from(500_000_000 + self.next_n)
            if urn not in self.taken:
                yield urn

    def _item(self, urn: str, n: int, the_rules: Any, secret: str) -> tuple[Any, Any]:
        from chalicelib.core import clock, geo, history
        from chalicelib.grievances import domain, store

        code = CATEGORIES[n % len(CATEGORIES)]
        district = DISTRICTS[(n // len(CATEGORIES)) % len(DISTRICTS)]
        category = self._category(code)
        days = domain.level_days(category, the_rules)
        created = T0 + timedelta(hours=1) + FILLER_SPREAD * ((n % 9973) / 9973)
        position = domain.Position(category["office"], district, 1)
        seat = self._seat(category["office"], district)
        landing = domain.arrive(position, seat.username if seat else None, days, created)
        if clock.parse_iso(landing["due_at"]) <= SWEEP_AT:
            raise RuntimeError("a filler grievance would be due at the sweep: check the level days")
        moment = clock.iso(created)
        mobile = str(7_000_000_000 + n)
        item = store.new_grievance(
            urn=urn, type=TEXT["type"], category=code, division=geo.division_of(district), subject=TEXT["subject"],
            description=TEXT["description"], documents=[], mobile=mobile, owner_key=domain.owner_key(secret, mobile),
            citizen_id=None, lang="hi", source="call_centre", filed_by="bench", housing=bool(category.get("housing")),
            assignee_name=seat.name if seat else None, created_at=moment, updated_at=moment,
            auto_escalate=domain.auto_escalates(1, domain.OPEN, the_rules), **landing)
        entry = history.next_entry(0, None, at=moment, actor="bench", action="filed", to_state=domain.OPEN,
                                   note="grievance filed (call_centre)",
                                   data={"category": code, "office": item.office, "district": district, "level": 1,
                                         "assignee": item.assignee})
        item.history_seq, item.history_hash, item.version = entry.seq, entry.hash, 1
        store._derive(item, True)   # noqa: SLF001 - the store's own index keys, so the due index is real
        return item, entry

    def write(self, count: int, desc: str) -> float:
        from tqdm import tqdm

        from chalicelib.core import dynamo
        from chalicelib.core.config import get_settings
        from chalicelib.grievances import service, store

        started = time.perf_counter()
        the_rules = service.rules()
        secret = get_settings().signing_secret.get_secret_value()
        history_model = dynamo.history_model(store.SERVICE)
        urns = self._urns()
        with tqdm(total=count, desc=desc, unit="grv", file=sys.stderr, dynamic_ncols=True, mininterval=0.5) as bar:
            for chunk in dynamo.chunks(list(range(count)), 1000):
                with store.GrievanceItem.batch_write() as writer:
                    for _ in chunk:
                        item, entry = self._item(next(urns), self.next_n, the_rules, secret)
                        writer.save(item)
                        writer.save(history_model(pk=item.pk, sk=f"HIST#{entry.seq:08d}", entry=entry.as_dict()))
                bar.update(len(chunk))
                gc.freeze()   # what moto holds now is long-lived: keep it out of the collector's full passes
        return time.perf_counter() - started


# --- the rounds ---------------------------------------------------------------------------------

def _due_count(now: str) -> tuple[int, int]:
    """(entries on the sweep's index, of which due now), by COUNT queries outside the measurement."""
    from chalicelib.grievances import store

    index = store.GrievanceItem.escalation
    indexed = sum(index.count(f"S{s}") for s in range(store.SHARDS))
    due = sum(index.count(f"S{s}", store.GrievanceItem.esc_due_at <= now) for s in range(store.SHARDS))
    return indexed, due


def _counted(counter: Any, fn: Callable[[], Any], returned: int = 1) -> dict:
    counter.reset()
    started = time.perf_counter()
    fn()
    took = time.perf_counter() - started
    figures = {"operations": dict(sorted(counter.operations.items())), "total": counter.total,
               "items_read": counter.items_read, "returned": returned, "seconds": round(took, 4)}
    counter.reset()
    return figures


class Section:
    def __init__(self, app: Any, counter: Any, bare: type, sizes: list[int], requests: int, warmup: int,
                 budget: float, project_dir: Path, due: int = DUE) -> None:
        self.app, self.counter, self.bare, self.project_dir = app, counter, bare, project_dir
        self.sizes, self.requests, self.warmup, self.budget = sizes, requests, warmup, budget
        self.due = due
        self.open = 0
        self.filler = Filler()
        self.results: dict = {"sizes": sizes, "due": due, "sweep_at": SWEEP_AT.isoformat(), "filling": {},
                              "sweep": {}, "ddb": {}, "latency": {}}

    def run(self) -> dict:
        from chalice.test import Client

        from chalicelib.grievances import service

        client = Client(self.app, stage_name="local", project_dir=str(self.project_dir))
        with BenchClock() as the_clock, client:
            service.seed_master_data("bench")
            api = Api(client.http)
            for size in self.sizes:
                self._round(api, the_clock, size)
        self._compare()
        return self.results

    def _round(self, api: Api, the_clock: BenchClock, size: int) -> None:
        from tqdm import tqdm

        from chalicelib.core import clock
        from chalicelib.grievances import service

        key = str(size)
        # 1. the 100 that will be due, filed through the API at T0
        the_clock.at(T0)
        due = []
        for n in tqdm(range(self.due), desc=f"filing the {self.due} due ({size:,})", unit="grv", file=sys.stderr,
                      dynamic_ncols=True):
            citizen = api.sign_in()
            self.filler.taken.add(api.file(citizen, n))
            due.append(citizen)
        self.open += self.due
        # 2. top up to `size` open grievances
        add = size - self.open
        if add < 0:
            raise RuntimeError(f"{self.open:,} grievances are open already: sizes must grow by more than the "
                               "previous round's filings")
        seconds = self.filler.write(add, f"writing {add:,} open grievances")
        self.open += add
        self.results["filling"][key] = {"added": add, "seconds": round(seconds, 1),
                                        "per_second": round(add / seconds, 1) if seconds else None}
        # 3. the sweep at SWEEP_AT: exactly the 100 filed at T0 are due
        the_clock.at(SWEEP_AT)
        gc.collect()
        gc.freeze()
        indexed, due_now = _due_count(clock.iso(SWEEP_AT))
        from chalicelib.core import masterstore

        masterstore.clear_cache()   # each sweep starts from a cold container: counts that do not hang on the TTL
        outcome: dict = {}
        figures = _counted(self.counter, lambda: outcome.update(service.escalate_due()))
        if indexed != size or due_now != self.due or outcome != {"escalated": self.due, "skipped": 0, "conflicts": 0}:
            raise RuntimeError(f"sweep set-up is off: {indexed} indexed (want {size}), {due_now} due "
                               f"(want {self.due}), sweep said {outcome}")
        self.results["sweep"][key] = {**figures, "returned": outcome["escalated"], "open": indexed, "due": due_now,
                                      "outcome": outcome}
        # 4. latency an hour later: fresh tokens for the due ones' owners, new citizens to file
        the_clock.at(LATENCY_AT)
        self._latency(api, key, due)

    def _latency(self, api: Api, key: str, readers: list[Citizen]) -> None:
        from tqdm import tqdm

        from bench import workload

        pool_size = self.warmup + self.requests + 1
        with tqdm(total=len(readers) + pool_size, desc="signing citizens in", unit="login", file=sys.stderr,
                  dynamic_ncols=True) as bar:
            for reader in readers:
                reader.token = api.sign_in(reader.mobile).token
                bar.update(1)
            filers = []
            for _ in range(pool_size):
                filers.append(api.sign_in())
                bar.update(1)
        pool = iter(filers)
        filed = []

        def post(i: int) -> None:
            citizen = next(pool)
            filed.append(api.file(citizen, i))

        def get(i: int) -> None:
            api.get(readers[i % len(readers)])

        def bare(i: int) -> None:
            if self.bare.get(f"GRV#{readers[i % len(readers)].urn}", "META") is None:
                raise RuntimeError("the bare get found nothing")

        contenders = {BARE: bare, GET: get, POST: post}
        ddb = {name: _counted(self.counter, lambda fn=fn: fn(0)) for name, fn in contenders.items()}
        sweep = self.results["sweep"][key]
        ddb[SWEEP] = {k: sweep[k] for k in ("operations", "total", "items_read", "returned", "seconds")}
        self.results["ddb"][key] = ddb
        warm = {name: fig["seconds"] for name, fig in ddb.items() if name != SWEEP}
        gc.collect()
        gc.freeze()
        with tqdm(total=self.requests, desc=f"grievance latency at {int(key):,}", unit="round", file=sys.stderr,
                  dynamic_ncols=True) as bar:
            samples = workload.latency(contenders, self.requests, self.warmup, self.budget, warm,
                                       progress=bar.update)
        self.results["latency"][key] = _latency_figures(samples)
        self.filler.taken.update(filed)
        self.open += len(filed)   # open, due a week after LATENCY_AT: never due at the next sweep

    def _compare(self) -> None:
        first = self.results["sweep"][str(self.sizes[0])]

        def shape(fig: dict) -> tuple:
            return fig["operations"], fig["items_read"]

        self.results["sweep"]["same"] = all(shape(self.results["sweep"][str(s)]) == shape(first)
                                            for s in self.sizes)
        ddb = self.results["ddb"]
        ddb["identical"] = {name: all(shape(ddb[str(s)][name]) == shape(ddb[str(self.sizes[0])][name])
                                      for s in self.sizes) for name in ddb[str(self.sizes[0])]}


def _latency_figures(samples: dict[str, list[float]]) -> dict:
    from bench.stats import ratio, summary

    figures = {name: summary(values) for name, values in samples.items()}
    base = figures[BARE]
    for fig in figures.values():
        fig["x_bare_get"] = ratio(fig["median_ms"], base["median_ms"])
        fig["p90_x_bare_get_p90"] = ratio(fig["p90_ms"], base["p90_ms"])
    return figures


def notes(section: dict) -> list[str]:
    sizes = section["sizes"]
    small, big = (section["sweep"][str(s)]["seconds"] for s in (sizes[0], sizes[-1]))
    return [
        f"Grievances: each size is the number of open grievances when the sweep runs. {section['due']} of them "
        f"are filed through the API at T0 (one citizen each) and are the only ones due at the sweep (T0+7 days, the "
        "default L1 limit); the rest are written directly in batches with the service's own item shapes (grievance "
        "item + its first history entry, index keys derived by grievances.store), due after the sweep. The "
        "sweep's index holds every open grievance ('open' counts its entries), so reading only the due ones is "
        "what keeps the operations equal. Earlier rounds' grievances stay open (already escalated, or filed "
        "during latency) and count towards the next size.",
        f"The sweep's wall time ({small:.2f} s → {big:.2f} s) is one run and grows with moto, not with the "
        "operations: moto's GSI-narrowing map (stack/moto_speed.py) is rebuilt after every write by walking the "
        "whole table, and the sweep writes between its 10 shard queries; each Query then makes moto test every "
        "entry of that shard's index partition (a tenth of the open grievances) against the sort-key condition, "
        "where DynamoDB reads only the due key range. Profiled at 30,000 open grievances: 3.3 s of a 4.1 s sweep "
        "were these two. The map rebuild also makes POST /grievances (its by_owner query follows the filing "
        "citizen's writes) slower at the large size in moto. GET /grievances/{urn} makes no index query: what "
        "moves its milliseconds between sizes is the load on the machine, so read its ratio to the bare GetItem.",
        "POST /grievances: each timed filing is a different citizen signed in beforehand through the OTP API "
        "(so the 10-a-day limit and the duplicate hint never apply) with its own Idempotency-Key; it includes "
        "the SNS publish to moto. GET /grievances/{urn} is the owner reading one of the round's escalated "
        "grievances (full record with its two history entries, names from master data); the bare GetItem reads "
        "the same grievance item with a keys-only pynamodb model.",
    ]


# --- the section, as bench/run.py calls it -------------------------------------------------------

SIZES = {"smoke": [12, 40], "quick": [1000, 10_000], "full": [1000, 100_000]}
DUE_BY_PROFILE = {"smoke": 3, "quick": DUE, "full": DUE}


def section(ctx: Any) -> dict:
    from bench import local, report
    from bench.context import table_dict
    from chalicelib.core.config import get_settings

    stack = ctx.stack()
    sizes = ctx.sizes("grievances", SIZES)
    settings = get_settings()
    bare = bare_model(settings.table_name("grievances"), settings.region, settings.aws_endpoint_url,
                      local.MOTO_READ_TIMEOUT)
    results = Section(stack.app, stack.counter, bare, sizes, ctx.requests, ctx.warmup, ctx.budget, ctx.root,
                      due=int(ctx.overrides.get("grievances.due", DUE_BY_PROFILE[ctx.profile]))).run()
    tables = [
        report.latency_table(results["latency"], sizes, None,
                             "Grievances, latency in ms (sizes are open grievances; ×get = median ÷ the bare "
                             "pynamodb GetItem of a grievance item, same rounds)"),
        report.ops_table(results["ddb"], sizes, "Grievances: DynamoDB per request, and the whole sweep"),
        report.sweep_table(results["sweep"], sizes),
    ]
    return {"figures": results, "tables": [table_dict(t) for t in tables], "lines": lines(results, sizes),
            "notes": notes(results)}


def lines(section: dict, sizes: list[int]) -> list[str]:
    from bench import report

    sweep, lat = section["sweep"], section["latency"]
    at = " and ".join(f"{s:,}" for s in sizes)
    first = sweep[str(sizes[0])]
    out = [f"{report.OK if sweep['same'] else report.FAIL} escalation sweep, {section['due']} due among {at} "
           f"open grievances: {'the same' if sweep['same'] else 'DIFFERENT'} DynamoDB operations "
           f"({report.fmt_ops(first['operations'])}; {first['items_read']} items read)"
           + ("" if sweep["same"] else " vs " + "; ".join(
               f"{report.fmt_ops(sweep[str(s)]['operations'])}, {sweep[str(s)]['items_read']} read"
               for s in sizes[1:])) + "; wall "
           + " vs ".join(f"{sweep[str(s)]['seconds']:.2f} s" for s in sizes)]
    for name in (POST, GET):
        out.append(f"  {name}: " + "; ".join(
            f"at {s:,} median {report.fmt_ms(lat[str(s)][name]['median_ms'])} ms, p90 "
            f"{report.fmt_ms(lat[str(s)][name]['p90_ms'])} ms = {report.fmt_ratio(lat[str(s)][name]['x_bare_get'])}"
            f" the bare GetItem ({report.fmt_ms(lat[str(s)][BARE]['median_ms'])} ms)" for s in sizes))
    same = section["ddb"]["identical"]
    out.append(f"{report.OK if all(same.values()) else report.FAIL} grievance DynamoDB operations identical "
               f"at {at}: {sum(same.values())}/{len(same)} (requests and the sweep)")
    for size, fill in section["filling"].items():
        out.append(f"  filling to {int(size):,}: {fill['added']:,} grievances written directly in "
                   f"{fill['seconds']:.0f} s ({fill['per_second'] or 0:.0f}/s)")
    return out
