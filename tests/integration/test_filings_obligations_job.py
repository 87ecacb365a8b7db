"""The monthly obligations walk (issue 18): it stops within its time budget, saves where it stands
and the next run resumes there; every society gets its obligation exactly once; a finished month
costs one read; the next month walks again (societies registered since get theirs)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import COUNTER


@pytest.fixture
def registry(aws_resources, frozen_clock):
    from chalicelib.filings import service
    from chalicelib.societies import importer
    from stack.seed_data import societies

    service.seed_master_data("test")
    rows = list(societies(30))
    importer.write(importer.validate(rows, check_existing=False).valid, actor="test")
    return {r["reg_no"] for r in rows}


def test_a_run_out_of_time_resumes_where_it_stopped_and_creates_each_obligation_once(registry, monkeypatch):
    from chalicelib.filings import obligations_job, service, store

    # a clock that runs out after two pages: each call of monotonic moves 10 s on, the budget is 25 s
    ticks = iter(range(0, 10_000, 10))
    monkeypatch.setattr(obligations_job, "monotonic", lambda: float(next(ticks)))
    monkeypatch.setattr(service, "PAGE", 5)
    runs = []
    while True:
        done = service.yearly_obligations(budget_seconds=25)
        runs.append(done)
        if done["done"]:
            break
        assert len(runs) < 200
    assert len(runs) > 2 and all(r["societies"] <= 10 for r in runs)      # at most two pages a run
    assert sum(r["created"] for r in runs) == len(registry)
    assert runs[-1]["month_created"] == len(registry) == runs[-1]["month_societies"]
    fy = runs[0]["financial_year"]
    for reg_no in registry:
        assert store.get_obligation(reg_no, fy) is not None


def test_a_finished_month_costs_one_read_and_the_next_month_walks_again(registry, frozen_clock):
    from chalicelib.filings import service

    first = service.yearly_obligations()
    assert first["done"] and first["created"] == len(registry)
    COUNTER.reset()
    again = service.yearly_obligations()
    assert (again["done"], again["created"], again["societies"]) == (True, 0, 0)
    assert dict(COUNTER.operations) == {"GetItem": 1}
    frozen_clock["now"] = frozen_clock["now"] + timedelta(days=31)
    next_month = service.yearly_obligations()
    assert next_month["done"] and next_month["societies"] == len(registry) and next_month["created"] == 0


def test_two_runs_at_once_do_not_both_walk(registry, monkeypatch):
    """The resume point is saved conditionally: a run that finds it moved stops and says so."""
    from chalicelib.filings import service, store

    real_save = store.save_job
    calls = {"n": 0}

    def save_then_race(item):
        calls["n"] += 1
        if calls["n"] == 1:
            other = store.get_job(item.sk) or store.JobItem(sk=item.sk, financial_year=item.financial_year,
                                                             updated_at=item.updated_at)
            other.runs = int(other.runs or 0) + 1
            real_save(other)                 # another run saved first
        real_save(item)

    monkeypatch.setattr(store, "save_job", save_then_race)
    monkeypatch.setattr(service, "PAGE", 5)
    done = service.yearly_obligations()
    assert done.get("conflict") is True and done["done"] is False
