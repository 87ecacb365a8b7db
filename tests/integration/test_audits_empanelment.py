"""CA empanelment through the API: every path of the cycle, who may take each step, refusals."""

from __future__ import annotations

import pytest

from chalicelib.audits import store
from chalicelib.core import history
from tests.integration.test_audits_helpers import YEAR, allot, firm, firm_token, hq, jr, society

PARTNERS = [{"name": "R. Sharma", "membership_no": "401234"}, {"name": "S. Gupta", "membership_no": "405678"}]


@pytest.fixture
def parties(client, sms, aws_resources):
    found = firm("100001C", years=())
    return {"hq": hq(client, sms), "firm": firm_token(client, sms, found), "record": found}


def apply(client, token, **kw):
    return client.post("/ca/applications", {"year": YEAR, "partners": PARTNERS, "experience_years": 12},
                       token=token, **kw)


def act(client, token, action, version, note=None, **extra):
    body = {"action": action, "version": version, **({"note": note} if note else {}), **extra}
    return client.post(f"/ca/applications/{YEAR}/100001C/actions", body, token=token)


def drive(client, parties, steps):
    """Take `steps` [(who, action, note)], each on the version just read; returns the last view."""
    view = apply(client, parties["firm"]).json
    for who, action, note in steps:
        r = act(client, parties[who], action, view["version"], note)
        assert r.status == 200, (action, r)
        view = r.json
    return view


def states(frn: str = "100001C") -> list[str]:
    return [e.to_state for e in store.history(store.empanelment_pk(YEAR, frn))]


def test_shortfall_resubmission_provisional_empanelled_then_expired(client, sms, parties):
    first = apply(client, parties["firm"], headers={"Idempotency-Key": "apply-1"})
    assert first.status == 201 and first.json["status"] == "APPLIED", first
    replay = apply(client, parties["firm"], headers={"Idempotency-Key": "apply-1"})
    assert replay.status == 201 and replay.json == first.json
    again = apply(client, parties["firm"])
    assert again.status == 409 and again.error_code == "EMPANELMENT_EXISTS"

    no_note = act(client, parties["hq"], "raise_shortfall", 1)
    assert no_note.status == 422 and no_note.error_fields == ["note"]
    r = act(client, parties["hq"], "raise_shortfall", 1, "peer review certificate missing")
    assert r.json["status"] == "SHORTFALL" and r.json["shortfall"] == "peer review certificate missing"
    r = act(client, parties["firm"], "resubmit", r.json["version"], "attached",
            partners=[*PARTNERS, {"name": "T. Jain", "membership_no": "409999"}])
    assert r.json["status"] == "APPLIED" and len(r.json["partners"]) == 3, r
    r = act(client, parties["hq"], "provisionally_empanel", r.json["version"])
    assert r.json["status"] == "PROVISIONALLY_EMPANELLED"
    assert client.get(f"/ca/empanelled?year={YEAR}").json["items"] == []        # not yet on the panel
    r = act(client, parties["hq"], "empanel", r.json["version"])
    assert r.json["status"] == "EMPANELLED"
    assert [f["frn"] for f in client.get(f"/ca/empanelled?year={YEAR}").json["items"]] == ["100001C"]
    assert client.get(f"/ca/status/{YEAR}/100001C").json["status"] == "EMPANELLED"

    soc = society(client, parties["hq"])
    assert allot(client, parties["hq"], soc["reg_no"], "firm", "100001C").status == 201   # now allottable

    r = act(client, parties["hq"], "expire", r.json["version"])
    assert r.json["status"] == "EXPIRED"
    assert states() == ["APPLIED", "SHORTFALL", "APPLIED", "PROVISIONALLY_EMPANELLED", "EMPANELLED", "EXPIRED"]
    assert history.verify(store.history(store.empanelment_pk(YEAR, "100001C")))
    told = [t for t in sms.to(parties["record"]["mobile_raw"]) if "100001C" in t and YEAR in t]
    assert len(told) == 6 and "EXPIRED" in told[-1]
    full = client.get(f"/ca/applications/{YEAR}/100001C", token=parties["firm"]).json
    assert full["history"]["chain_valid"] and len(full["history"]["items"]) == 6


@pytest.mark.parametrize("steps,final", [
    ([("hq", "reject", "no experience of cooperative audit")], "REJECTED"),
    ([("hq", "raise_shortfall", "documents"), ("hq", "reject", "shortfall not met")], "REJECTED"),
    ([("hq", "provisionally_empanel", None), ("hq", "debar", "misconduct reported by ICAI")], "DEBARRED"),
    ([("hq", "provisionally_empanel", None), ("hq", "empanel", None), ("hq", "debar", "false report")],
     "DEBARRED"),
])
def test_rejection_and_debarment_paths_end_the_cycle(client, sms, parties, steps, final):
    view = drive(client, parties, steps)
    assert view["status"] == final and states()[-1] == final
    late = act(client, parties["hq"], "empanel", view["version"])
    assert late.status == 409 and late.error_code == "EMPANELMENT_NOT_IN_STATE"
    assert client.get(f"/ca/empanelled?year={YEAR}").json["items"] == []
    listed = client.get(f"/ca/applications?year={YEAR}&status={final}", token=parties["hq"]).json["items"]
    assert [i["frn"] for i in listed] == ["100001C"]


def test_who_may_take_which_step(client, sms, parties):
    apply(client, parties["firm"])
    r = act(client, parties["firm"], "provisionally_empanel", 1)
    assert r.status == 403 and r.error_code == "EMPANELMENT_ACTION_NOT_YOURS"
    r = act(client, jr(client, sms), "provisionally_empanel", 1)
    assert r.status == 403 and r.error_code == "EMPANELMENT_HQ_ONLY"
    r = act(client, parties["hq"], "resubmit", 1)
    assert r.status == 403 and r.error_code == "EMPANELMENT_ACTION_NOT_YOURS"
    r = act(client, parties["hq"], "empanel", 1)
    assert r.status == 409 and r.error_code == "EMPANELMENT_NOT_IN_STATE"
    assert act(client, parties["hq"], "provisionally_empanel", 1).status == 200
    stale = act(client, parties["hq"], "empanel", 1)
    assert stale.status == 409 and stale.error_code == "VERSION_CONFLICT"
    other = firm_token(client, sms, firm("100002C", years=()))
    assert client.get(f"/ca/applications/{YEAR}/100001C", token=other).error_code == "EMPANELMENT_NOT_YOURS"
    assert act(client, other, "resubmit", 2).error_code == "EMPANELMENT_NOT_YOURS"
    assert client.get(f"/ca/status/{YEAR}/100002C").status == 404
    assert states() == ["APPLIED", "PROVISIONALLY_EMPANELLED"]


PDF = b"%PDF-1.4\n% peer review certificate\n" + b"0" * 200


def upload(client, token, data=PDF, name="peer-review.pdf"):
    import hashlib

    import requests

    ticket = client.post("/ca/documents", {"name": name, "content_type": "application/pdf", "size": len(data),
                                           "sha256": hashlib.sha256(data).hexdigest()}, token=token)
    assert ticket.status == 201, ticket
    put = requests.put(ticket.json["upload"]["url"], data=data, headers=ticket.json["upload"]["headers"], timeout=30)
    assert put.status_code == 200, put.text
    return ticket.json["document_id"]


def test_the_application_carries_checked_documents_that_hq_may_read(client, sms, parties, aws_resources):
    doc = upload(client, parties["firm"])
    early = client.post("/ca/applications", {"year": YEAR, "partners": PARTNERS, "experience_years": 12,
                                             "document_ids": [doc]}, token=parties["firm"])
    assert early.status == 422 and early.error_code == "DOCUMENT_NOT_READY" and early.error_fields == ["document_ids.0"]
    assert client.post(f"/ca/documents/{doc}/confirm", token=parties["firm"]).json["status"] == "CONFIRMED"
    other = firm_token(client, sms, firm("100002C", years=()))
    theirs = client.post("/ca/applications", {"year": YEAR, "partners": PARTNERS, "experience_years": 3,
                                              "document_ids": [doc]}, token=other)
    assert theirs.status == 422 and theirs.error_code == "DOCUMENT_NOT_FOUND"
    r = client.post("/ca/applications", {"year": YEAR, "partners": PARTNERS, "experience_years": 12,
                                         "document_ids": [doc]}, token=parties["firm"])
    assert r.status == 201 and [d["name"] for d in r.json["documents"]] == ["peer-review.pdf"], r
    link = client.get(f"/ca/documents/{doc}/url", token=parties["hq"])
    assert link.status == 200 and link.json["url"].startswith("http")
    assert client.get(f"/ca/documents/{doc}/url", token=other).error_code == "DOCUMENT_NOT_YOURS"


def test_the_nightly_sweep_expires_a_cycle_only_after_it_ends(client, sms, parties, frozen_clock):
    from datetime import UTC, datetime

    from chalicelib.audits import empanelment
    from chalicelib.core import clock

    drive(client, parties, [("hq", "provisionally_empanel", None), ("hq", "empanel", None)])
    firm("100002C")                                                       # empanelled by order, same cycle
    frozen_clock["now"] = datetime(2027, 3, 31, 12, 0, tzinfo=UTC)
    assert empanelment.expire_ended_cycles() == {"expired": 0}
    frozen_clock["now"] = datetime(2027, 4, 1, 0, 0, tzinfo=UTC)       # 05:30 IST on 1 April 2027
    assert clock.now() == frozen_clock["now"]
    assert empanelment.expire_ended_cycles() == {"expired": 2}
    assert client.get(f"/ca/empanelled?year={YEAR}").json["items"] == []
    last = store.history(store.empanelment_pk(YEAR, "100001C"))[-1]
    assert (last.action, last.to_state, last.actor) == ("expire", "EXPIRED", "system:expiry")
    assert empanelment.expire_ended_cycles() == {"expired": 0}
