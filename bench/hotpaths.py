"""The requests people make most (issue 18): DynamoDB calls per request and in-process latency
against the bare call of the same kind, measured in the same rounds, at two sizes.

Reads are compared with a bare pynamodb GetItem of one grievance item; writes with a bare
TransactWriteItems of one item (a conditional put) on the same table. Sizes are open grievances
AND registered societies (both tables grow together). Each round first tops the tables up, then:

    citizen   GET /grievances/{urn}                 the owner reads their grievance with its history
    public    GET /public/grievances/{urn}          status by URN, no sign-in
    officer   GET /grievances?assigned=me&limit=20  the inbox page with its overdue / near-limit counts
    officer   GET /grievances/{urn}                 one grievance with its history
    citizen   POST /grievances                      filing (includes the SNS publish to moto)
    officer   POST /grievances/{urn}/actions        a note on the record (history entry, counters)
    public    GET /societies/{reg_no}               a society's public page
    citizen   GET /lokseva/applications/{ack}       an application's status with its history
    officer   POST /lokseva/applications/{ack}/decision   approving an application

The lokseva table is not filled to the size (its applications are the few filed here): its
figures are per request, at the size of the other tables.
"""

from __future__ import annotations

import gc
import json
import sys
from datetime import timedelta
from typing import Any

from bench import grievances as g
from bench import report
from bench.context import Context, table_dict
from bench.stats import ratio, summary

SIZES = {"smoke": [20, 60], "quick": [1000, 5000], "full": [1000, 100_000]}
NOW = g.T0 + timedelta(days=4, hours=2)   # after every filler's filing, before any is overdue
DISTRICT, CATEGORY = "bhopal", "society_management"
READERS = {"smoke": 4, "quick": 20, "full": 20}
BARE_GET, BARE_TX = "bare GetItem (grievance)", "bare TransactWriteItems (1 item)"
READS = ("citizen GET /grievances/{urn}", "public GET /public/grievances/{urn}",
         "officer GET /grievances?assigned=me (20)", "officer GET /grievances/{urn}", "public GET /societies/{reg_no}",
         "citizen GET /lokseva/applications/{ack}")
WRITES = ("citizen POST /grievances", "officer POST /grievances/{urn}/actions (note)",
          "officer POST /lokseva/applications/{ack}/decision")
# The floor the data model allows, per request (what the figures are judged against)
FLOOR = {
    "citizen GET /grievances/{urn}": "1 Query (record + history share GRV#<urn>)",
    "public GET /public/grievances/{urn}": "1 GetItem",
    "officer GET /grievances?assigned=me (20)": "1 Query on by_assignee (+2 COUNT queries only when the counts "
                                                "are not in the first page)",
    "officer GET /grievances/{urn}": "1 Query",
    "public GET /societies/{reg_no}": "1 GetItem",
    "citizen GET /lokseva/applications/{ack}": "1 Query",
    "citizen POST /grievances": "1 TransactWriteItems (+ the duplicate-hint Query)",
    "officer POST /grievances/{urn}/actions (note)": "1 Query (consistent) + 1 TransactWriteItems",
    "officer POST /lokseva/applications/{ack}/decision": "1 Query (consistent) + 1 TransactWriteItems",
}


def _staff(username: str, district: str | None, level: Any = None) -> str:
    """An officer account written through identity and a token issued for it (signing in is not measured)."""
    from chalicelib.core.auth import Jurisdiction, Level, Principal, Role, issue_token
    from chalicelib.identity import service, store

    level = level or Level.DISTRICT
    if store.get_user(username) is None:
        user, entry, _ = service.new_account("bench", username, username.title(), "9000000555", Role.OFFICER,
                                             level, district, "bench")
        store.create_user(user, entry, [])
    return issue_token(Principal(username, Role.OFFICER, Jurisdiction(level, district)), 3600)


class Requests:
    """Every contender as a callable of the request number."""

    def __init__(self, api: g.Api, bare_get: type, bare_tx: type, readers: list[g.Citizen], officer: str,
                 reg_nos: list[str], lokseva: Lokseva) -> None:
        self.api, self.bare_get, self.bare_tx = api, bare_get, bare_tx
        self.readers, self.officer, self.reg_nos, self.lokseva = readers, officer, reg_nos, lokseva
        self.filers: list[g.Citizen] = []
        self.filed: list[str] = []
        self.tx_n = 0

    def reader(self, i: int) -> g.Citizen:
        return self.readers[i % len(self.readers)]

    def contenders(self) -> dict[str, Any]:
        from pynamodb.transactions import TransactWrite

        from chalicelib.core import dynamo

        api = self.api

        def bare_get(i: int) -> None:
            if self.bare_get.get(f"GRV#{self.reader(i).urn}", "META") is None:
                raise RuntimeError("the bare get found nothing")

        def bare_tx(i: int) -> None:
            self.tx_n += 1
            with TransactWrite(connection=dynamo.connection()) as tx:
                tx.save(self.bare_tx(pk=f"BENCH#{self.tx_n}", sk="TX"), condition=self.bare_tx.pk.does_not_exist())

        def file(i: int) -> None:
            citizen = self.filers.pop()
            body = {**g.TEXT, "category": CATEGORY, "district": DISTRICT}
            response = api._call("POST", "/grievances", 201, body, citizen.token, idempotency=True)  # noqa: SLF001
            self.filed.append(json.loads(response.body)["urn"])

        def note(i: int) -> None:
            api._call("POST", f"/grievances/{self.reader(i).urn}/actions", 200,  # noqa: SLF001
                      {"action": "note", "note": f"bench note {i}"}, self.officer, idempotency=True)

        return {
            BARE_GET: bare_get,
            BARE_TX: bare_tx,
            READS[0]: lambda i: api.get(self.reader(i)),
            READS[1]: lambda i: api._call("GET", f"/public/grievances/{self.reader(i).urn}", 200),  # noqa: SLF001
            READS[2]: lambda i: api._call("GET", "/grievances?assigned=me&limit=20", 200,  # noqa: SLF001
                                          token=self.officer),
            READS[3]: lambda i: api._call("GET", f"/grievances/{self.reader(i).urn}", 200,  # noqa: SLF001
                                          token=self.officer),
            READS[4]: lambda i: api._call("GET", f"/societies/{self.reg_nos[i % len(self.reg_nos)]}", 200),  # noqa: SLF001
            READS[5]: lambda i: self.lokseva.status(i),
            WRITES[0]: file,
            WRITES[1]: note,
            WRITES[2]: lambda i: self.lokseva.decide(),
        }


class Lokseva:
    """Applications filed by one citizen; the district's designated officer approves them. A copy of
    a land record: a two-question form and no required upload, so the figures are the application's
    own reads and writes, not document checks."""

    SERVICE = "khasra_copy"
    FORM = {"village": "Berasia", "survey_number": "123/4"}

    def __init__(self, api: g.Api) -> None:
        from chalicelib.lokseva import service

        service.seed_master_data("bench")
        self.api = api
        self.citizen = api.sign_in()
        self.officer: str | None = None
        self.pending: list[str] = []
        self.decided: list[str] = []

    def apply(self, count: int) -> None:
        for _ in range(count):
            body = {"service": self.SERVICE, "district": DISTRICT, "applicant_name": "Ramesh Kumar",
                    "form": dict(self.FORM)}
            response = self.api._call("POST", "/lokseva/applications", 201, body, self.citizen.token,  # noqa: SLF001
                                      idempotency=True)
            self.pending.append(json.loads(response.body)["ack"])
        if self.officer is None:
            self.officer = self._officer(self.pending[0])

    def _officer(self, ack: str) -> str:
        """An officer at the application's desk (the district's), signed in by a token issued here."""
        from chalicelib.core.auth import Level

        view = json.loads(self.api._call("GET", f"/lokseva/applications/{ack}", 200,  # noqa: SLF001
                                         token=self.citizen.token).body)
        if view["stage_desk"] != f"district:{DISTRICT}":
            raise RuntimeError(f"the application waits at {view['stage_desk']}, not the district's desk")
        from chalicelib.lokseva import store

        officer = _staff("bench.lokseva", DISTRICT, Level.DISTRICT)
        office = view["stage_office"]        # without a seat holder nobody may decide (core/authz.py)
        store.config_put("bench", f"SEAT#{office}#district:{DISTRICT}", {"usernames": ["bench.lokseva"]}, None,
                         "bench seat")
        return officer

    def status(self, i: int) -> None:
        acks = self.decided or self.pending
        self.api._call("GET", f"/lokseva/applications/{acks[i % len(acks)]}", 200,  # noqa: SLF001
                       token=self.citizen.token)

    def decide(self) -> None:
        ack = self.pending.pop()
        self.api._call("POST", f"/lokseva/applications/{ack}/decision", 200,  # noqa: SLF001
                       {"decision": "approve", "reasons": "documents verified"}, self.officer, idempotency=True)
        self.decided.append(ack)


def bare_tx_model(table_name: str, region: str, host: str | None, read_timeout: float) -> type:
    from pynamodb.attributes import UnicodeAttribute
    from pynamodb.models import Model

    meta = {"table_name": table_name, "region": region, "host": host, "read_timeout_seconds": read_timeout}

    class BareWrite(Model):
        Meta = type("Meta", (), meta)
        pk = UnicodeAttribute(hash_key=True)
        sk = UnicodeAttribute(range_key=True)

    return BareWrite


def section(ctx: Context) -> dict:
    from chalice.test import Client
    from tqdm import tqdm

    from bench import local, workload
    from chalicelib.core.config import get_settings
    from chalicelib.grievances import domain, service
    from infra.resources import create_local
    from stack.seed_data import societies

    stack = ctx.stack()
    create_local()   # the document bucket (a decision stores its certificate), SMS settings
    sizes = ctx.sizes("hotpaths", SIZES)
    settings = get_settings()
    table = settings.table_name("grievances")
    bare_get = g.bare_model(table, settings.region, settings.aws_endpoint_url, local.MOTO_READ_TIMEOUT)
    bare_tx = bare_tx_model(table, settings.region, settings.aws_endpoint_url, local.MOTO_READ_TIMEOUT)
    per_round = ctx.warmup + ctx.requests + 3   # writes use a fresh filer / application each
    results: dict[str, Any] = {"sizes": sizes, "floor": FLOOR, "ddb": {}, "latency": {}, "filling": {}}
    filler = g.Filler()
    open_count = societies_have = 0
    with Client(stack.app, stage_name="local", project_dir=str(ctx.root)) as client, g.BenchClock() as clock:
        clock.at(NOW)
        service.seed_master_data("bench")
        api = g.Api(client.http)
        category = {i.sk.removeprefix("CATEGORY#"): i.data for i in service.store.master.listed("CATEGORY#")}
        seat = service.seat_for(domain.Position(category[CATEGORY]["office"], DISTRICT, 1))
        officer = _staff(seat.username, DISTRICT)
        readers = []
        for _ in range(READERS[ctx.profile]):
            citizen = api.sign_in()
            response = api._call("POST", "/grievances", 201, {**g.TEXT, "category": CATEGORY, "district": DISTRICT},  # noqa: SLF001
                                 citizen.token, idempotency=True)
            citizen.urn = json.loads(response.body)["urn"]
            filler.taken.add(citizen.urn)
            readers.append(citizen)
        open_count += len(readers)
        lokseva = Lokseva(api)
        reqs = None
        for size in sizes:
            key = str(size)
            seconds = filler.write(max(0, size - open_count), f"writing grievances to {size:,}")
            open_count = max(open_count, size)
            seconds += local.seed(societies_have, size, f"seeding societies to {size:,}")
            societies_have = size
            results["filling"][key] = {"seconds": round(seconds, 1)}
            reg_nos = [r["reg_no"] for r in list(societies(min(size, 50)))]
            if reqs is None:
                reqs = Requests(api, bare_get, bare_tx, readers, officer, reg_nos, lokseva)
            lokseva.apply(per_round)
            reqs.filers = [api.sign_in() for _ in range(per_round)]
            contenders = reqs.contenders()
            gc.collect()
            gc.freeze()
            for fn in contenders.values():   # warm: code paths, clients, the master-data copy
                fn(0)
            ddb = {name: g._counted(stack.counter, lambda fn=fn: fn(1)) for name, fn in contenders.items()}  # noqa: SLF001
            results["ddb"][key] = ddb
            warm = {name: fig["seconds"] for name, fig in ddb.items()}
            with tqdm(total=ctx.requests, desc=f"hot paths at {size:,}", unit="round", file=sys.stderr,
                      dynamic_ncols=True) as bar:
                samples = workload.latency(contenders, ctx.requests, ctx.warmup, ctx.budget, warm,
                                           progress=bar.update)
            results["latency"][key] = _figures(samples)
            filler.taken.update(reqs.filed)
            open_count += len(reqs.filed)
            reqs.filed.clear()
    _compare(results, sizes)
    return {"figures": results, "tables": [table_dict(_table(results, sizes))], "lines": _lines(results, sizes),
            "notes": _notes()}


def _figures(samples: dict[str, list[float]]) -> dict:
    figures = {name: summary(values) for name, values in samples.items()}
    for name, fig in figures.items():
        base = BARE_TX if name in WRITES or name == BARE_TX else BARE_GET
        fig["baseline"] = base
        fig["x_bare"] = ratio(fig["median_ms"], figures[base]["median_ms"])
        fig["met"] = fig["x_bare"] is not None and fig["x_bare"] <= 2.0
    return figures


def _shape(fig: dict) -> tuple:
    return tuple(sorted(fig["operations"].items()))


def _compare(results: dict, sizes: list[int]) -> None:
    first = results["ddb"][str(sizes[0])]
    results["same_calls"] = {name: all(_shape(results["ddb"][str(s)][name]) == _shape(first[name]) for s in sizes)
                             for name in first}


def _table(results: dict, sizes: list[int]) -> report.Table:
    headers = ["request", "the floor (data model)"]
    for size in sizes:
        s = report.fmt_size(size)
        headers += [f"{s} DynamoDB calls", f"{s} median ms", f"{s} ×bare"]
    headers += ["same calls", "≤2× bare"]
    table = report.Table("The requests people make most: DynamoDB calls per request and median ÷ the bare call "
                         "(reads: a bare GetItem; writes: a bare one-item TransactWriteItems), same rounds",
                         headers, right={i for i, h in enumerate(headers) if h.endswith(("ms", "×bare"))})
    for name in results["ddb"][str(sizes[0])]:
        row = [name, FLOOR.get(name, "(baseline)")]
        met = []
        for size in sizes:
            ops = results["ddb"][str(size)][name]
            lat = results["latency"][str(size)][name]
            row += [f"{ops['total']}: {report.fmt_ops(ops['operations'])}", report.fmt_ms(lat["median_ms"]),
                    report.fmt_ratio(lat["x_bare"])]
            met.append(lat["met"])
        row += [report.OK if results["same_calls"][name] else report.FAIL,
                "" if name in (BARE_GET, BARE_TX) else report.OK if all(met) else report.FAIL]
        table.rows.append(row)
    return table


def _lines(results: dict, sizes: list[int]) -> list[str]:
    names = [n for n in results["ddb"][str(sizes[0])] if n not in (BARE_GET, BARE_TX)]
    same = [n for n in names if results["same_calls"][n]]
    within = [n for n in names if all(results["latency"][str(s)][n]["met"] for s in sizes)]
    return [f"{report.OK if len(same) == len(names) else report.FAIL} DynamoDB calls the same at "
            f"{' and '.join(f'{s:,}' for s in sizes)}: {len(same)}/{len(names)} requests",
            f"{report.OK if len(within) == len(names) else report.FAIL} median within 2× the bare call at every "
            f"size: {len(within)}/{len(names)}" + ("" if len(within) == len(names) else " (not: " + ", ".join(
                n for n in names if n not in within) + ")")]


def _notes() -> list[str]:
    return [
        "Hot paths: sizes are open grievances and registered societies at once (grievances beyond the ones "
        "filed here are written directly with the service's own item shapes, as in the grievances section). "
        "The app's clock is set after every filler grievance was filed and before any is due, so the officer's "
        "inbox is a working one: its first page (in due order) holds the overdue / near-limit counts, and no "
        "COUNT query is needed; an inbox whose first 20 are all overdue or near the limit costs two COUNT "
        "queries more.",
        "Master data (settings, categories, offices, seats, the lokseva catalogue) is read through each warm "
        "container's copy (core.masterstore cached_*, TTL MASTER_DATA_TTL_SECONDS, default 60 s, dropped on "
        "every change made there): the per-request counts above are with a warm copy, as a warm Lambda serves.",
        "Where a request is above its floor, why: every officer's request carries one identity GetItem (the "
        "edge checks that the staff session is not revoked: core.http / identity, issue 13's area), so an "
        "officer's read is that GetItem + its one Query. A citizen's request carries none (the owner is known "
        "by the id on the record; a grievance filed for them by the call centre still costs the mobile lookup). "
        "An idempotent write (Idempotency-Key) adds Powertools' PutItem before and UpdateItem after the "
        "use case; POST /grievances adds the filing citizen's mobile (GetItem) and the duplicate hint (a Query "
        "on by_owner), and its transaction writes the grievance, its history, the day counters and the daily "
        "limit together.",
        "Writes: POST /grievances and the officer's note keep their counters and limit writes in the same "
        "transaction (issue 13 owns how the day counters are written); their ratio is against a bare "
        "TransactWriteItems of ONE item, so it includes the extra items of the real transaction.",
    ]
