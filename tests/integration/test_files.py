"""HQ file tracking through the API: create, move, return, dispose, archive; where is it; pendency."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from chalicelib.core.auth import Level, Role
from tests.integration.helpers import citizen_token

HQ1, HQ2, HQ3 = "so.establishment", "us.establishment", "ds.establishment"


def staff(username: str, role: Role, level: Level, code: str | None, mobile: str = "9111399999") -> str:
    """A staff account (no password: these tests are not about sign-in) and a session token for it
    that outlives the clock moves of a test; identity still checks it on every request."""
    from chalicelib.core.auth import Jurisdiction, Principal, issue_token
    from chalicelib.identity import service, store

    user, entry, _ = service.new_account("test", username, username.title(), mobile, role, level, code, "test")
    assert store.create_user(user, entry, [])
    return issue_token(Principal(username, role, Jurisdiction(level, code)), 400 * 86400)


@pytest.fixture
def hq(frozen_clock):
    from chalicelib.files import service

    service.seed_master_data("test")
    return {name: staff(name, Role.OFFICER, Level.STATE, None) for name in (HQ1, HQ2, HQ3)}


def create(client, token, **changes):
    body = {"section": "EST", "subject": "Promotion of clerks 2026", "note": "opened on the DPC letter", **changes}
    return client.post("/files", body, token=token)


def act(client, token, file_no, action, version, note="seen, put up", **extra):
    return client.post(f"/files/{file_no}/actions", {"action": action, "version": version, "note": note, **extra},
                       token=token)


def test_a_file_moves_officer_to_officer_and_its_whole_path_is_kept(client, hq, frozen_clock, counter):
    r = create(client, hq[HQ1])
    assert r.status == 201, r
    f = r.json
    assert f["file_no"] == "EST-2026-0001" and f["holder"] == HQ1 and f["status"] == "OPEN" and f["version"] == 1
    assert create(client, hq[HQ1]).json["file_no"] == "EST-2026-0002"       # numbers per section per year
    assert create(client, hq[HQ1], section="AUD").json["file_no"] == "AUD-2026-0001"

    frozen_clock["now"] += timedelta(days=2)
    r = act(client, hq[HQ1], f["file_no"], "move", 1, "for approval", to=HQ2)
    assert r.status == 200, r
    assert r.json["holder"] == HQ2 and r.json["sent_by"] == HQ1 and r.json["days_with_holder"] == 0
    assert r.json["age_days"] == 2

    counter.reset()
    where = client.get(f"/files/{f['file_no']}", token=hq[HQ3]).json    # any HQ officer may ask where it is
    assert dict(counter.operations) == {"GetItem": 2}                      # the session's account, the file
    assert where["holder"] == HQ2 and where["holder_since"] == "2026-11-25T06:00:00Z"
    assert where["last_note"] == "for approval"

    r = act(client, hq[HQ2], f["file_no"], "return", 2, "clarify the seniority list")
    assert r.json["holder"] == HQ1 and r.json["sent_by"] == HQ2 and r.json["moves"] == 2
    r = act(client, hq[HQ1], f["file_no"], "dispose", 3, "orders issued")
    assert r.json["status"] == "DISPOSED" and r.json["holder"] == HQ1
    r = act(client, hq[HQ1], f["file_no"], "archive", 4, "to the record room")
    assert r.json["status"] == "ARCHIVED"

    h = client.get(f"/files/{f['file_no']}/history", token=hq[HQ2]).json
    assert h["chain_valid"] is True
    assert [(e["action"], e["data"].get("from"), e["data"].get("to")) for e in h["items"]] == [
        ("created", None, HQ1), ("move", HQ1, HQ2), ("return", HQ2, HQ1), ("dispose", HQ1, HQ1),
        ("archive", HQ1, HQ1)]
    assert [e["note"] for e in h["items"]][1:3] == ["for approval", "clarify the seniority list"]


def test_only_the_holder_acts_and_only_on_what_the_state_allows(client, hq):
    f = create(client, hq[HQ1]).json
    r = act(client, hq[HQ2], f["file_no"], "move", 1, to=HQ3)
    assert r.status == 403 and r.error_code == "FILE_NOT_WITH_YOU"
    r = act(client, hq[HQ1], f["file_no"], "return", 1)
    assert r.status == 409 and r.error_code == "FILE_NO_SENDER"           # it came from no one
    r = act(client, hq[HQ1], f["file_no"], "archive", 1)
    assert r.status == 409 and r.error_code == "FILE_ACTION_NOT_IN_STATE"
    r = act(client, hq[HQ1], f["file_no"], "move", 1, to=HQ1)
    assert r.status == 422 and r.error_fields == ["to"]
    r = act(client, hq[HQ1], f["file_no"], "move", 1)
    assert r.status == 422 and r.error_fields == ["to"]
    assert client.get("/files/EST-2026-0099", token=hq[HQ1]).status == 404


def test_a_file_goes_only_to_an_active_hq_officer(client, sms, hq):
    staff("dr.bhopal", Role.OFFICER, Level.DISTRICT, "bhopal")
    f = create(client, hq[HQ1]).json
    for to in ("dr.bhopal", "nobody.here"):
        r = act(client, hq[HQ1], f["file_no"], "move", 1, to=to)
        assert r.status == 422 and r.error_code == "FILE_RECIPIENT_INVALID" and r.error_fields == ["to"]
    assert client.get(f"/files/{f['file_no']}", token=hq[HQ1]).json["version"] == 1     # nothing changed


def test_refusals_other_roles_and_jurisdictions(client, sms, hq):
    f = create(client, hq[HQ1]).json
    district = staff("dr.indore", Role.OFFICER, Level.DISTRICT, "indore")
    division = staff("jr.indore", Role.OFFICER, Level.DIVISION, "indore")
    reader = staff("reader.tribunal", Role.COURT, Level.STATE, None)
    citizen = citizen_token(client, sms)
    for token in (district, division):
        for r in (create(client, token), client.get(f"/files/{f['file_no']}", token=token),
                  client.get(f"/files/pendency?officer={HQ1}", token=token)):
            assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION", r
    for token in (reader, citizen):
        r = client.get(f"/files/{f['file_no']}", token=token)
        assert r.status == 403 and r.error_code == "FORBIDDEN_ROLE"
    assert client.get(f"/files/{f['file_no']}").status == 401
    r = create(client, hq[HQ1], section="XYZ")
    assert r.status == 422 and r.error_fields == ["section"] and r.error_code == "UNKNOWN_SECTION"
    r = create(client, hq[HQ1], section="est", subject="")
    assert r.status == 422 and set(r.error_fields) == {"section", "subject"}


def test_stale_version_and_replay(client, hq):
    f = create(client, hq[HQ1]).json
    assert act(client, hq[HQ1], f["file_no"], "move", 1, to=HQ2).status == 200
    r = act(client, hq[HQ2], f["file_no"], "move", 1, to=HQ3)
    assert r.status == 409 and r.error_code == "VERSION_CONFLICT"
    headers = {"Idempotency-Key": "file-new-1"}
    body = {"section": "LEG", "subject": "Writ petition 12/2026"}
    first = client.post("/files", body, token=hq[HQ1], headers=headers)
    again = client.post("/files", body, token=hq[HQ1], headers=headers)
    assert first.status == again.status == 201 and first.json == again.json
    assert create(client, hq[HQ1], section="LEG").json["file_no"] == "LEG-2026-0002"   # the replay took no number


def test_two_moves_at_once_one_wins_the_other_gets_409(client, hq, monkeypatch):
    """Both read version 1 at the same moment; the conditional write lets only one through."""
    from chalicelib.core.auth import Jurisdiction, Principal
    from chalicelib.core.errors import Conflict
    from chalicelib.files import service, store

    f = create(client, hq[HQ1]).json
    both_read = threading.Barrier(2, timeout=10)
    real_get = store.get

    def get_then_wait(file_no, consistent=False):
        item = real_get(file_no, consistent)
        both_read.wait()
        return item

    monkeypatch.setattr(store, "get", get_then_wait)
    me = Principal(HQ1, Role.OFFICER, Jurisdiction())
    outcomes: dict[str, object] = {}

    def move(to):
        try:
            outcomes[to] = service.act(me, f["file_no"], "move", 1, "urgent", to)["holder"]
        except Conflict as exc:
            outcomes[to] = exc.status

    threads = [threading.Thread(target=move, args=(to,)) for to in (HQ2, HQ3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 2 and list(outcomes.values()).count(409) == 1
    winner = next(v for v in outcomes.values() if v != 409)
    assert winner in (HQ2, HQ3)
    monkeypatch.setattr(store, "get", real_get)
    now = client.get(f"/files/{f['file_no']}", token=hq[HQ1]).json
    assert now["holder"] == winner and now["version"] == 2
    assert len(client.get(f"/files/{f['file_no']}/history", token=hq[HQ1]).json["items"]) == 2


def test_pendency_per_officer_and_section_with_age_bands(client, hq, frozen_clock, counter):
    numbers = []
    for gap in (40, 20, 10, 3):        # files opened on days 0, 40, 60, 70; today is day 73
        numbers.append(create(client, hq[HQ1]).json["file_no"])
        frozen_clock["now"] += timedelta(days=gap)
    act(client, hq[HQ1], numbers[3], "move", 1, to=HQ2)           # today: 0 days with HQ2
    other = create(client, hq[HQ1], section="AUD").json["file_no"]
    act(client, hq[HQ1], other, "dispose", 1)                      # disposed: no longer pending

    counter.reset()
    r = client.get(f"/files/pendency?officer={HQ1}", token=hq[HQ2])
    assert r.status == 200, r
    assert counter.operations["Query"] == 1 and counter.operations.get("Scan", 0) == 0
    p = r.json
    assert [i["file_no"] for i in p["items"]] == numbers[:3]        # oldest first
    assert [i["days_with_holder"] for i in p["items"]] == [73, 33, 13]
    assert p["bands"] == ["0-7", "8-15", "16-30", "31+"]
    assert p["summary"] == {"total": 3, "bands": {"0-7": 0, "8-15": 1, "16-30": 0, "31+": 2}, "oldest_days": 73}

    s = client.get("/files/pendency?section=EST", token=hq[HQ3]).json
    assert s["summary"]["total"] == 4
    assert {g["key"]: g["total"] for g in s["groups"]} == {HQ1: 3, HQ2: 1}
    assert {g["key"]: g["bands"]["0-7"] for g in s["groups"]} == {HQ1: 0, HQ2: 1}

    r = client.get("/files/pendency", token=hq[HQ1])
    assert r.status == 422
    r = client.get(f"/files/pendency?officer={HQ1}&section=EST", token=hq[HQ1])
    assert r.status == 422


def test_age_bands_are_master_data_an_admin_changes(client, hq, frozen_clock):
    create(client, hq[HQ1])
    frozen_clock["now"] += timedelta(days=20)
    admin = staff("admin.it", Role.ADMIN, Level.STATE, None)
    current = client.get("/admin/files/settings", token=admin).json
    assert current["data"] == {"age_bands": [7, 15, 30]}
    body = {"age_bands": [10, 5], "version": current["version"]}
    r = client.call("PUT", "/admin/files/settings", body, token=admin)
    assert r.status == 422 and r.error_fields == ["age_bands"]
    assert client.call("PUT", "/admin/files/settings", {**body, "age_bands": [30]}, token=hq[HQ1]).status == 403
    r = client.call("PUT", "/admin/files/settings", {**body, "age_bands": [30]}, token=admin)
    assert r.status == 200 and r.json["version"] == 2
    p = client.get(f"/files/pendency?officer={HQ1}", token=hq[HQ1]).json
    assert p["bands"] == ["0-30", "31+"] and p["summary"]["bands"] == {"0-30": 1, "31+": 0}
