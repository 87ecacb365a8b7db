"""A grievance in either language: the officer's seat has a Hindi name from master data, the
history the system writes carries facts (not English notes), and a bad field is explained in
Hindi to a Hindi reader."""

from __future__ import annotations

import re

import pytest

from tests.integration.grievance_helpers import citizen, file

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def token(client, sms, frozen_clock):
    from chalicelib.grievances import service

    service.seed_master_data()                 # the defaults: seats named in both languages
    return citizen(client, sms)


def test_the_officer_is_named_in_hindi_and_the_history_says_facts(client, sms, token):
    urn = file(client, token).json["urn"]
    record = client.get(f"/grievances/{urn}", token=token).json
    assert record["assignee_name"] == "Deputy Registrar, Bhopal"
    assert record["assignee_name_hi"] == "उप पंजीयक, भोपाल"
    filed = record["history"]["items"][0]
    assert (filed["action"], filed["note"], filed["data"]["source"]) == ("filed", "", "web")
    assert record["history"]["chain_valid"]
    assert client.post(f"/grievances/{urn}/reminders", token=token).status in (200, 201, 202)
    record = client.get(f"/grievances/{urn}", token=token).json
    reminder = record["history"]["items"][-1]
    assert (reminder["action"], reminder["note"]) == ("reminder", "")


def test_a_bad_field_is_explained_in_hindi_without_english(client, sms, token):
    r = file(client, token, subject="")
    assert r.status == 422, r
    details = r.json["error"]["details"]
    assert [d["field"] for d in details] == ["subject"]
    assert not LATIN_WORD.search(details[0]["message"]), details
    english = file(client, token, subject="", headers={"Accept-Language": "en"}).json["error"]["details"]
    assert english[0]["field"] == "subject" and LATIN_WORD.search(english[0]["message"])
