"""Officers' search over guaranteed-service applications: filters by key, one Query per page,
jurisdiction (403 naming the district; an acknowledgement number outside is an empty page), CSV."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.integration.test_lokseva_helpers import advance, apply, citizen, seed, token


def q(path="/lokseva/applications/search", **params) -> str:
    return f"{path}?{urlencode(params)}"


def acks(response) -> set[str]:
    assert response.status == 200, response
    return {row["ack"] for row in response.json["items"]}


@pytest.fixture
def world(client, sms, frozen_clock, aws_resources):
    seed()
    applicant = citizen(client, sms)
    income = apply(client, applicant).json["ack"]
    advance(frozen_clock, days=1)
    applicant = citizen(client, sms)                                   # signed in again, a day on
    domicile = apply(client, applicant, service="domicile_certificate").json["ack"]
    indore = apply(client, applicant, district="indore").json["ack"]
    return {"dr": token(client, sms, "dr.bhopal"), "income": income, "domicile": domicile, "indore": indore}


def test_filters_jurisdiction_and_one_query(client, sms, world, frozen_clock, counter):
    dr = world["dr"]
    assert acks(client.get(q(), token=dr)) == {world["income"], world["domicile"]}
    assert acks(client.get(q(service="domicile_certificate"), token=dr)) == {world["domicile"]}
    assert acks(client.get(q(status="SUBMITTED"), token=dr)) == {world["income"], world["domicile"]}
    assert acks(client.get(q(status="APPROVED"), token=dr)) == set()
    assert acks(client.get(q(ack=world["income"]), token=dr)) == {world["income"]}
    assert acks(client.get(q(ack=world["indore"]), token=dr)) == set()            # outside: nothing, no oracle
    r = client.get(q(district="indore"), token=dr)
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION" and r.error_fields == ["district"]
    r = client.get(q(district="indore", service="income_certificate"), token=dr)
    assert r.status == 403 and r.error_fields == ["district"]
    r = client.get(q(district="indore", overdue="true"), token=dr)
    assert r.status == 403 and r.error_fields == ["district"]
    filed = client.get(q(service="domicile_certificate"), token=dr).json["items"][0]["created_at"][:10]
    assert acks(client.get(q(filed_from=filed, filed_to=filed), token=dr)) >= {world["domicile"]}
    assert acks(client.get(q(filed_to="2026-11-01"), token=dr)) == set()
    assert client.get(q(), token=citizen(client, sms)).status == 403
    counter.reset()
    client.get(q(status="SUBMITTED", limit=1), token=dr)
    assert counter.operations.get("Query") == 1 and "Scan" not in counter.operations, counter.operations
    advance(frozen_clock, days=40)
    dr = token(client, sms, "dr.bhopal")
    late = client.get(q(overdue="true"), token=dr)
    assert acks(late) <= {world["income"], world["domicile"]}
    assert all(row["overdue"] for row in late.json["items"])


def test_csv_export(client, sms, world):
    r = client.get(q("/lokseva/applications/search.csv"), token=world["dr"])
    assert r.status == 200 and r.raw_body.startswith(b"\xef\xbb\xbf")
    lines = r.raw_body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("पावती क्रमांक,आवेदन दिनांक,सेवा") and len(lines) == 3
    assert r.headers["x-row-count"] == "2"
