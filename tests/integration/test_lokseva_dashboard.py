"""The dashboard's counters (kept with every change) match a recount of the applications, and
reading them costs one query, however many applications there are."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from chalicelib.lokseva import service, store
from tests.integration.test_lokseva_helpers import apply, citizen, decide, seed, token

pytestmark = pytest.mark.usefixtures("aws_resources")   # documents go to the bucket

DIMENSIONS = ("department", "service", "district", "office")


def recount() -> dict[str, dict[str, dict]]:
    """What the dashboard should say, from every application (a test may scan)."""
    from tests.conftest import COUNTER

    COUNTER.allow_scan = True
    try:
        items = [i for i in store.ApplicationItem.scan() if i.sk == "META" and i.pk.startswith("APP#")]
    finally:
        COUNTER.allow_scan = False
    result: dict[str, dict[str, dict]] = {dim: defaultdict(lambda: Counter(penalties=Decimal("0.00")))
                                          for dim in DIMENSIONS}
    for item in items:
        keys = {"department": item.department, "service": item.service_code, "district": item.district,
                "office": item.office}
        for dim, key in keys.items():
            row = result[dim][key]
            row["received"] += 1
            if item.first_decided_at is None:
                row["pending_beyond_time"] += 1 if item.status != "SUBMITTED" else 0
            elif item.delay_days:
                row["disposed_late"] += 1
                row["penalties"] += Decimal(item.penalty)
            else:
                row["disposed_in_time"] += 1
    return result


def test_dashboard_counters_match_a_recount(client, sms, frozen_clock, aws_resources, counter):
    seed()
    me = citizen(client, sms)
    services = [("income_certificate", "bhopal"), ("income_certificate", "bhopal"), ("caste_certificate", "bhopal"),
                ("society_certified_copy", "bhopal"), ("society_certified_copy", "indore"),
                ("society_registration", "indore"), ("khasra_copy", "bhopal")]
    acks = [apply(client, me, service=code, district=district, sms=sms).json["ack"] for code, district in services]
    dr = token(client, sms, "dr.bhopal")
    decide(client, dr, acks[0])                                              # in time
    decide(client, dr, acks[6], decision="reject", reasons="survey number wrong")   # in time
    frozen_clock["now"] = datetime(2026, 12, 10, 0, 0, tzinfo=UTC)           # income and both copies late
    assert service.escalate_due()["escalated"] == 3
    jr = token(client, sms, "jr.bhopal")
    decide(client, jr, acks[3])                                              # late, on first appeal
    collector = token(client, sms, "collector.bhopal")                       # income: collector's desk, district
    decide(client, collector, acks[1], decision="reject", reasons="not eligible")

    admin = token(client, sms, "admin")
    expected = recount()
    for dim in DIMENSIONS:
        counter.reset()
        r = client.get(f"/lokseva/dashboard?by={dim}", token=admin)
        assert r.status == 200
        assert counter.operations["Query"] == 1 and counter.operations.get("Scan", 0) == 0
        rows = {row["key"]: row for row in r.json["rows"]}
        assert set(rows) == set(expected[dim])
        for key, want in expected[dim].items():
            got = rows[key]
            for name in ("received", "disposed_in_time", "disposed_late", "pending_beyond_time"):
                assert got[name] == want[name], (dim, key, name)
            assert Decimal(got["penalties"]) == want["penalties"], (dim, key)
    totals = client.get("/lokseva/dashboard?by=service", token=admin).json["totals"]
    late = date(2026, 12, 10) - date(2026, 11, 27)                          # income certificate: 13 days
    copies = date(2026, 12, 10) - date(2026, 12, 3)                          # certified copies: 7 days
    assert totals == {"key": "total", "received": 7, "disposed_in_time": 2, "disposed_late": 2,
                      "pending_beyond_time": 1,
                      "penalties": f"{Decimal(250 * late.days) + Decimal(250 * copies.days):.2f}"}


def test_dashboard_is_for_staff_within_their_jurisdiction(client, sms, frozen_clock):
    seed()
    apply(client, citizen(client, sms), district="indore")
    apply(client, citizen(client, sms), district="bhopal")
    dr = token(client, sms, "dr.bhopal")
    r = client.get("/lokseva/dashboard?by=district", token=dr)
    assert [row["key"] for row in r.json["rows"]] == ["bhopal"] and r.json["totals"]["received"] == 1
    assert client.get("/lokseva/dashboard?by=service", token=dr).error_code == "FORBIDDEN_JURISDICTION"
    assert client.get("/lokseva/dashboard?by=service", token=citizen(client, sms)).error_code == "FORBIDDEN_ROLE"
    bad = client.get("/lokseva/dashboard?by=colour", token=dr)
    assert bad.status == 422 and bad.error_fields == ["query.by"]
