"""Hot counters under injected DynamoDB faults (stack/ddb_faults.py): 200 concurrent filings and
officers' actions while a share of the transactions is cancelled with TransactionConflict,
throttled, or committed with the answer lost. No 5xx, every accepted request recorded once, every
counter equal to a recount of the records; a transaction that never commits answers 503."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.core import dynamo
from chalicelib.core.auth import Level, Role
from chalicelib.grievances import domain, service, store
from stack import ddb_faults
from tests.conftest import COUNTER
from tests.integration.grievance_helpers import GRIEVANCE, act, officer_token, seed_master_data, staff_token

DIMENSIONS = ("district", "level", "category", "office")


@pytest.fixture
def faults(monkeypatch):
    """The injector on the app's own DynamoDB client; quick backoff so the test does not crawl."""
    monkeypatch.setattr(dynamo, "POLICY", dynamo.RetryPolicy(attempts=8, base=0.002, cap=0.02))
    client = dynamo.connection().client
    ddb_faults.FAULTS.attach(client)
    yield ddb_faults.FAULTS
    ddb_faults.FAULTS.off()
    ddb_faults.FAULTS.detach(client)


@pytest.fixture
def desk(client, sms, frozen_clock):
    seed_master_data()
    agent = staff_token(client, sms, "agent.one", Role.CALL_CENTRE, Level.STATE, None, "9111100099")
    return {"agent": agent, "dr": officer_token(client, sms, "dr.bhopal")}


def _file(client, agent, n):
    body = {**GRIEVANCE, "mobile": f"98{n:08d}", "subject": f"AGM not held ({n})"}
    return client.post("/grievances", body, token=agent)


def _records() -> list[store.GrievanceItem]:
    COUNTER.allow_scan = True      # the recount reads the whole table; requests never do
    try:
        return list(store.GrievanceItem.scan((store.GrievanceItem.sk == "META")
                                             & store.GrievanceItem.pk.startswith("GRV#")))
    finally:
        COUNTER.allow_scan = False


def _counted(kind: str, dim: str, name: str) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for item in store.stats(kind, dim, "0000", "9999"):
        totals[item.sk.split("#", 1)[1]] += int(getattr(item, name) or 0)
    return {k: v for k, v in totals.items() if v}


def _assert_counters_match_records(records: list[store.GrievanceItem]) -> None:
    for dim in DIMENSIONS:
        values = {item.urn: domain._values(service.case_of(item))[dim] for item in records}
        received = Counter(values.values())
        disposed = Counter(values[i.urn] for i in records if i.disposed_at)
        pending = Counter(values[i.urn] for i in records if i.status in domain.ACTIVE)
        assert _counted("STAT", dim, "received") == dict(received), dim
        assert _counted("STAT", dim, "disposed") == dict(disposed), dim
        assert _counted("PEND", dim, "pending") == dict(pending), dim


@pytest.mark.parametrize("profile", ["conflict", "throttle", "lost"])
def test_200_concurrent_filings_and_actions_under_injected_faults(client, desk, faults, profile):
    faults.set(profile, 0.3, seed=13)
    with ThreadPoolExecutor(8) as pool:
        first = list(pool.map(lambda n: _file(client, desk["agent"], n), range(80)))
        urns = [r.json["urn"] for r in first if r.status == 201]

        def work(n):
            if n < 40:
                return "file", None, _file(client, desk["agent"], 100 + n)
            urn = urns[(n - 40) % len(urns)]
            action = "resolve" if n < 80 else "accept"
            return action, urn, act(client, desk["dr"], urn, action, f"{action} {n}")

        second = list(pool.map(work, range(120)))
    faults.off()

    statuses = Counter(r.status for r in first) + Counter(r.status for _, _, r in second)
    assert sum(statuses.values()) == 200
    assert not [s for s in statuses if s >= 500], statuses
    assert faults.injected[profile] > 10, faults.injected          # the faults did happen
    if profile == "lost":
        assert faults.replays > 0          # retried with the committed token: applied once

    filed = urns + [r.json["urn"] for kind, _, r in second if kind == "file" and r.status == 201]
    assert len(filed) == len(set(filed)) == statuses[201] == 120
    records = _records()
    assert sorted(item.urn for item in records) == sorted(filed)        # each accepted filing once
    done = Counter(urn for kind, urn, r in second if kind != "file" and r.status == 200)
    by_urn = {item.urn: item for item in records}
    for urn in filed:                    # each accepted action once in the record's history
        assert int(by_urn[urn].history_seq) == 1 + done[urn], urn
    # A resolve and an accept on one grievance may race: the loser is refused (409/422), not lost.
    assert all(r.status in (200, 409, 422) for kind, _, r in second if kind != "file")
    _assert_counters_match_records(records)


@pytest.mark.parametrize("profile", ["conflict", "throttle"])
def test_a_filing_that_can_never_commit_is_a_503_with_retry_after_and_writes_nothing(client, desk, faults,
                                                                                       profile):
    faults.set(profile, 1.0)
    key = {"Idempotency-Key": f"busy-{profile}"}
    r = client.post("/grievances", {**GRIEVANCE, "mobile": "9800000001"}, token=desk["agent"], headers=key)
    assert r.status == 503, r
    assert r.error_code == "TRY_AGAIN" and int(r.headers["retry-after"]) >= 1
    assert faults.injected[profile] == dynamo.POLICY.attempts            # tried, then gave up
    assert _records() == []
    assert _counted("STAT", "district", "received") == {}
    english = client.post("/grievances", {**GRIEVANCE, "mobile": "9800000001"}, token=desk["agent"],
                          headers={"Accept-Language": "en"})
    assert english.status == 503 and "nothing was saved" in english.json["error"]["message"]

    faults.off()     # the client tries again with the same key: filed once
    again = client.post("/grievances", {**GRIEVANCE, "mobile": "9800000001"}, token=desk["agent"], headers=key)
    assert again.status == 201, again
    assert [item.urn for item in _records()] == [again.json["urn"]]
    assert _counted("STAT", "district", "received") == {"bhopal": 1}
