"""The local stack names its demo officers to the department's own lokseva seats (so the demo's
DR still decides co-operative services) and leaves every other department's seat unnamed."""

from __future__ import annotations

from chalicelib.lokseva import masterdata
from stack import bootstrap


def test_demo_officers_hold_only_the_cooperation_seats(aws_resources):
    bootstrap.ensure_master_data()
    needed = {u for _, _, holders in bootstrap.DEMO_SEATS for u in holders} | {"dccb.bhopal"}
    bootstrap.ensure_demo_accounts(accounts=tuple(d for d in bootstrap.DEMO_ACCOUNTS if d.username in needed))
    named = bootstrap.ensure_demo_seats()
    assert sorted(named) == ["dr_coop@district:bhopal", "dr_coop@district:indore", "jr_coop@division:bhopal",
                             "rcs@state"]
    assert bootstrap.ensure_demo_seats() == []                          # a restart changes nothing
    assert masterdata.seat("dr_coop", "district:bhopal") == ["dr.bhopal"]
    assert masterdata.seat("rcs", "state") == ["rcs"]
    for office in ("collector", "sdm", "tehsildar"):                   # other departments: nobody named
        assert masterdata.seat(office, "district:bhopal") is None
