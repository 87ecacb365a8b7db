"""A citizen's own place: "my requests" across services, one entry each, paged without gaps."""

from __future__ import annotations

import pytest

from tests.integration.grievance_helpers import citizen, file, seed_master_data
from tests.integration.helpers import citizen_token
from tests.integration.registrations_helpers import draft
from tests.integration.test_lokseva_helpers import apply, seed


@pytest.fixture
def me(client, sms, frozen_clock, aws_resources):
    seed_master_data()
    seed()
    return citizen(client, sms)


def test_my_requests_list_grievances_applications_and_registrations(client, sms, me):
    urn = file(client, me).json["urn"]
    ack = apply(client, me, service="society_certified_copy", sms=sms).json["ack"]
    reg = draft(client, me)
    items = client.get("/me/requests", token=me).json
    assert items["next"] is None
    assert [(i["service"], i["reference"]) for i in items["items"]] == [
        ("grievance", urn), ("lokseva", ack), ("registration", reg["id"])]
    assert all(i["status"] and i["updated_at"] and (i["title_hi"] or i["subject"]) for i in items["items"])
    pages, seen, cursor = 0, [], None
    while True:
        page = client.get("/me/requests?limit=1" + (f"&next={cursor}" if cursor else ""), token=me).json
        seen += [i["reference"] for i in page["items"]]
        cursor, pages = page["next"], pages + 1
        if not cursor or pages > 5:
            break
    assert seen[:3] == [urn, ack, reg["id"]] and len(seen) == len(set(seen))


def test_nobody_sees_anothers_requests_and_staff_have_none(client, sms, me):
    file(client, me)
    other = citizen_token(client, sms, "9123456780")
    assert client.get("/me/requests", token=other).json == {"items": [], "next": None}
    assert client.get("/me/requests").status == 401


PDF = {"Accept": "application/pdf", "Origin": "http://localhost:8080"}


def test_acknowledgements_download_for_their_owner_only(client, sms, me):
    from io import BytesIO

    from pypdf import PdfReader

    from chalicelib.core.ids import grouped

    urn = file(client, me).json["urn"]
    r = client.call("GET", f"/grievances/{urn}/acknowledgement", token=me, headers=PDF)
    assert r.status == 200 and r.headers["content-type"] == "application/pdf" and r.raw_body.startswith(b"%PDF")
    text = PdfReader(BytesIO(r.raw_body)).pages[0].extract_text()
    assert grouped(urn) in text and f"http://localhost:8080/#/track/{urn}" in text
    assert "XXXXXX3210" in text and "9876543210" not in text
    other = citizen_token(client, sms, "9123456780")
    assert client.call("GET", f"/grievances/{urn}/acknowledgement", token=other, headers=PDF).status == 403
    assert client.call("GET", f"/grievances/{urn}/acknowledgement", headers=PDF).status == 401

    ack = apply(client, me, service="society_certified_copy", sms=sms).json["ack"]
    printed = grouped(ack).replace(" ", "-")                          # typed as printed, with separators
    r = client.call("GET", f"/lokseva/applications/{printed}/acknowledgement", token=me, headers=PDF)
    assert r.status == 200 and r.raw_body.startswith(b"%PDF")
    text = PdfReader(BytesIO(r.raw_body)).pages[0].extract_text()
    assert grouped(ack) in text and f"#/applications/{ack}" in text
    assert client.call("GET", f"/lokseva/applications/{ack}/acknowledgement", token=other, headers=PDF).status == 403
