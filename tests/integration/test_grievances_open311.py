"""Open311 GeoReport v2: every route in JSON (validated against the published schemas) and XML,
form-encoded POST with an api_key, the standard filters, and the spec's error shapes."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode
from xml.etree import ElementTree as ET  # noqa: S405 - parsing our own responses in tests

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from chalicelib.core.auth import Level, Role
from chalicelib.grievances import store
from tests.integration.grievance_helpers import (
    OTHER_CITIZEN,
    act,
    advance,
    citizen,
    file,
    officer_token,
    seed_master_data,
    staff_token,
)

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "open311"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PHONE = "9876522222"


def _validator(name: str) -> Draft202012Validator:
    """The published schemas, with their "$ref": "request.json" resolved from the same folder."""
    resources = [(f.name, Resource.from_contents(json.loads(f.read_text()), default_specification=DRAFT202012))
                 for f in SCHEMAS.glob("*.json")]
    return Draft202012Validator(json.loads((SCHEMAS / name).read_text()),
                                registry=Registry().with_resources(resources), format_checker=FormatChecker())


class Raw:
    """For XML answers (the JSON test client parses every body as JSON)."""

    def __init__(self, raw):
        self.status = raw.status_code
        self.headers = {k.lower(): v for k, v in raw.headers.items()}
        self.text = raw.body.decode("utf-8") if isinstance(raw.body, bytes) else raw.body
        self.xml = ET.fromstring(self.text)  # noqa: S314 - our own response


def xml_get(client, path):
    return Raw(client.raw.http.get(path))


def xml_post(client, path, fields):
    return Raw(client.raw.http.post(path, headers=FORM, body=urlencode(fields)))


def conforms(name: str, payload) -> None:
    errors = sorted(_validator(name).iter_errors(payload), key=str)
    assert not errors, [e.message for e in errors]
    if name in ("services.json", "requests.json"):          # arrays of items: check each item too
        item = "service.json" if name == "services.json" else "request.json"
        for entry in payload:
            assert not list(_validator(item).iter_errors(entry))


@pytest.fixture
def key(client, sms, frozen_clock):
    seed_master_data()
    admin = staff_token(client, sms, "admin", Role.ADMIN, Level.STATE, None, "9111100090")
    r = client.post("/admin/api-keys", {"name": "civic-app", "kind": "open311", "note": "FixMyStreet-style app"},
                    token=admin)
    assert r.status == 201, r
    return r.json["api_key"]


def form_post(client, path, fields, headers=None):
    return client.post(path, raw_body=urlencode(fields), headers={**FORM, **(headers or {})})


def new_request(**changes):
    return {"service_code": "society_management", "attribute[district]": "bhopal", "lat": "23.2599",
            "long": "77.4126", "phone": PHONE, "first_name": "Asha", "email": "asha@example.org",
            "description": "Society office is always locked; no AGM for two years.", **changes}


def test_services_in_json_and_xml(client, key):
    r = client.get("/open311/v2/services.json")
    assert r.status == 200 and r.headers["content-type"].startswith("application/json"), r
    conforms("services.json", r.json)
    codes = {s["service_code"]: s for s in r.json}
    assert "housing" in codes and "cpgrams" not in codes           # not offered to civic apps
    assert codes["crop_loan"]["group"] == "District Cooperative Central Bank"
    x = xml_get(client, "/open311/v2/services.xml")
    assert x.status == 200 and x.headers["content-type"].startswith("text/xml")
    root = x.xml
    assert root.tag == "services" and {s.findtext("service_code") for s in root.findall("service")} == set(codes)
    assert root.find("service/metadata").text == "true"


def test_service_definition_names_the_district_attribute(client, key):
    r = client.get("/open311/v2/services/housing.json")
    assert r.status == 200, r
    conforms("service-definition.json", r.json)
    district = r.json["attributes"][0]
    assert district["code"] == "district" and district["required"] and len(district["values"]) == 55
    x = xml_get(client, "/open311/v2/services/housing.xml").xml
    assert x.tag == "service_definition" and x.findtext("service_code") == "housing"
    assert len(x.findall("attributes/attribute/values/value")) == 55
    missing = client.get("/open311/v2/services/nothing.json")
    assert missing.status == 404 and missing.json[0]["code"] == 404 and missing.json[0]["description"]
    assert client.get("/open311/v2/services/housing.html").status == 404


def test_post_a_request_form_encoded_then_read_it_back(client, sms, key):
    r = form_post(client, "/open311/v2/requests.json", {**new_request(), "api_key": key})
    assert r.status == 200, r
    (created,) = r.json
    assert set(created) == {"service_request_id", "service_notice", "account_id"}
    urn = created["service_request_id"]
    assert any(urn in text for text in sms.to(PHONE))
    record = store.get(urn)
    assert (record.source, record.district, float(record.lat)) == ("open311", "bhopal", 23.2599)
    one = client.get(f"/open311/v2/requests/{urn}.json")
    assert one.status == 200, one
    conforms("requests.json", one.json)
    request = one.json[0]
    assert (request["status"], request["service_code"], request["service_request_id"]) == (
        "open", "society_management", urn)
    assert request["description"] is None and request["lat"] is None   # no personal data in public
    assert "Asha" not in one.text and PHONE[-4:] not in one.text
    x = xml_get(client, f"/open311/v2/requests/{urn}.xml").xml
    assert x.tag == "service_requests" and x.findtext("request/service_request_id") == urn
    assert x.findtext("request/status") == "open"
    token = client.get(f"/open311/v2/tokens/{urn}.json")
    assert token.json == [{"service_request_id": urn, "token": urn}]
    assert client.get("/open311/v2/tokens/1234567897.json").status in (404,)


def test_post_in_xml_and_json_bodies(client, sms, key):
    r = xml_post(client, "/open311/v2/requests.xml", {**new_request(service_code="audit"), "api_key": key})
    assert r.status == 200 and r.headers["content-type"].startswith("text/xml"), r.text
    urn = r.xml.findtext("request/service_request_id")
    assert store.get(urn).category == "audit"
    body = {"api_key": key, "service_code": "election", "jurisdiction_id": "indore", "address_string": "MG Road",
            "phone": PHONE, "description": "Election not held", "attribute": {"society_reg_no": ""}}
    r = client.post("/open311/v2/requests.json", body)
    assert r.status == 200, r
    assert store.get(r.json[0]["service_request_id"]).district == "indore"


@pytest.mark.parametrize(("change", "field"), [
    ({"service_code": "nothing"}, "service_code"),
    ({"attribute[district]": "atlantis"}, "attribute[district]"),
    ({"attribute[district]": ""}, "attribute[district]"),
    ({"phone": "12345"}, "phone"),
    ({"phone": ""}, "phone"),
    ({"lat": "", "long": ""}, "lat"),
    ({"long": ""}, "long"),
    ({"lat": "91"}, "lat"),
    ({"description": ""}, "description"),
])
def test_bad_posts_get_open311_errors(client, sms, key, change, field):
    fields = {k: v for k, v in {**new_request(), **change, "api_key": key}.items() if v != "" or k in change}
    fields = {k: v for k, v in fields.items() if v != ""}
    r = form_post(client, "/open311/v2/requests.json", fields)
    assert r.status == 400, r
    assert isinstance(r.json, list) and r.json[0]["code"] == 400 and field in r.json[0]["description"]


def test_api_keys_are_required_and_of_the_right_kind(client, sms, key):
    r = form_post(client, "/open311/v2/requests.json", {**new_request(), "api_key": "nope"})
    assert r.status == 403 and r.json[0]["code"] == 403
    r = xml_post(client, "/open311/v2/requests.xml", new_request())
    assert r.status == 400
    err = r.xml
    assert err.tag == "errors" and err.findtext("error/code") == "400" and "api_key" in err.findtext(
        "error/description")


def test_get_requests_with_the_standard_filters(client, sms, key, frozen_clock):
    token = citizen(client, sms)
    audit = file(client, token, category="audit").json["urn"]
    corruption = file(client, token, type="corruption", category="election").json["urn"]
    advance(frozen_clock, days=1)
    other = citizen(client, sms, OTHER_CITIZEN)
    indore = file(client, other, category="membership", district="indore").json["urn"]
    dr = officer_token(client, sms, "dr.bhopal")
    act(client, dr, audit, "resolve", "done")
    r = client.get("/open311/v2/requests.json")
    assert r.status == 200, r
    conforms("requests.json", r.json)
    ids = [x["service_request_id"] for x in r.json]
    assert ids == [indore, audit] and corruption not in ids           # corruption complaints never listed
    statuses = {x["service_request_id"]: x["status"] for x in r.json}
    assert statuses == {indore: "open", audit: "closed"}
    assert [x["service_request_id"] for x in client.get("/open311/v2/requests.json?status=open").json] == [indore]
    assert [x["service_request_id"] for x in client.get("/open311/v2/requests.json?status=closed").json] == [audit]
    by_code = client.get("/open311/v2/requests.json?service_code=membership").json
    assert [x["service_request_id"] for x in by_code] == [indore]
    by_place = client.get("/open311/v2/requests.json?jurisdiction_id=bhopal").json
    assert [x["service_request_id"] for x in by_place] == [audit]
    ranged = client.get("/open311/v2/requests.json?start_date=2026-11-24T00:00:00%2B05:30"
                        "&end_date=2026-11-25T00:00:00%2B05:30").json
    assert [x["service_request_id"] for x in ranged] == [indore]
    listed = client.get(f"/open311/v2/requests.json?service_request_id={audit},{corruption},junk&status=open").json
    assert [x["service_request_id"] for x in listed] == [audit]       # other filters ignored with ids
    x = xml_get(client, "/open311/v2/requests.xml?status=open").xml
    assert [r.findtext("service_request_id") for r in x.findall("request")] == [indore]
    assert client.get(f"/open311/v2/requests/{corruption}.json").status == 404


def test_bad_queries_get_open311_errors(client, key):
    for query in ("status=pending", "start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z",
                  "start_date=yesterday", "jurisdiction_id=atlantis"):
        r = client.get(f"/open311/v2/requests.json?{query}")
        assert r.status == 400 and r.json[0]["code"] == 400, (query, r)
    assert client.get("/open311/v2/requests/1234567890.json").status == 404
    assert client.get("/open311/v2/requests/abc.csv").status == 404
    assert client.get("/open311/v2/requests/.json").status == 404


def test_open311_routes_are_in_the_openapi(client):
    paths = client.get("/openapi.json").json["paths"]
    for path in ("/open311/v2/services.json", "/open311/v2/services.xml", "/open311/v2/requests.json",
                 "/open311/v2/requests.xml", "/open311/v2/services/{service_file}",
                 "/open311/v2/requests/{request_file}", "/open311/v2/tokens/{token_file}"):
        assert path in paths, path
    post = paths["/open311/v2/requests.json"]["post"]
    assert set(post["requestBody"]["content"]) == {"application/x-www-form-urlencoded", "application/json"}
    assert post["responses"]["400"]["content"]["application/json"]["schema"]["type"] == "array"
    ids = [op["operationId"] for item in paths.values() for op in item.values()]
    assert len(ids) == len(set(ids))
