"""Every function runs from its own artifact, not from the source tree.

`infra.package` builds the zips (the layer and one per function) exactly as `make package` does,
for this machine's platform; each is unpacked read-only and its handlers run in a clean CPython
of the runtime's version (harness.py) against moto holding only that function's tables and
resources: `/health`, a public GET, one authenticated write (a token minted as identity mints
them, with this module's signing secret) and every scheduled handler once. A file the code reads
at run time that the packager leaves out fails here; so does an import from outside the artifact
or a module shipped without bytecode.
"""

from __future__ import annotations

import os
import uuid

import pytest

from chalicelib.core.auth import Jurisdiction, Level, Principal, Role
from tests.artifact import harness
from tests.integration.test_bootstrap import cloudformation  # noqa: F401 - the ResponseURL stand-in

SECRET = "artifact-test-signing-secret-" + "x" * 24
OUTBOX_KEY = "d2hhdGV2ZXItMzItYnl0ZXMtb2Yta2V5LW1hdGVyaWE="   # 32 bytes, urlsafe base64 (Fernet)
ADMIN = "admin.artifact"
PACS = {"reg_no": "BPL-2001-00001", "name_hi": "बैरसिया प्राथमिक कृषि साख सहकारी समिति",
        "name_en": "Berasia PACS", "type": "pacs", "district": "bhopal", "address": "ग्राम बैरसिया",
        "registered_on": "2001-04-01", "mobile": "9444444444", "members": "120"}

# service -> (resource, path parameters, query) of a public GET; master data where the service has it
PUBLIC_GET = {
    "identity": ("/openapi.json", None, None),
    "societies": ("/geo/districts", None, {"division": "bhopal"}),
    "grievances": ("/grievances/categories", None, None),
    "filings": ("/filings/return-types", None, None),
    "reports": ("/openapi.json", None, None),
    "lokseva": ("/lokseva/holidays/{year}", {"year": "2026"}, None),
    "courts": ("/courts", None, None),
    "files": ("/openapi.json", None, None),
    "servicebook": ("/openapi.json", None, None),
    "registrations": ("/openapi.json", None, None),
    "subvention": ("/subvention/seasons", None, None),
    "audits": ("/ca/empanelled", None, {"year": "2026-27"}),
}
# service -> the admin settings it writes back as read (GET, then PUT with the version read)
SETTINGS = {"lokseva": "/lokseva/settings", "courts": "/admin/courts/settings", "files": "/admin/files/settings",
            "servicebook": "/servicebook/settings", "registrations": "/admin/registrations/settings",
            "audits": "/audits/settings"}
GRIEVANCE = {"type": "complaint", "category": "society_management", "district": "bhopal",
             "subject": "AGM not held", "description": "The society has not held its AGM for two years."}


@pytest.fixture(scope="module")
def project():
    from infra.discover import ROOT
    from infra.project import build

    return build(ROOT)


@pytest.fixture(scope="module")
def services(project):
    return [s.name for s in project.services.values() if s.handlers]


@pytest.fixture(scope="module")
def built(tmp_path_factory, services):
    return harness.build(tmp_path_factory.mktemp("artifacts"), services)


@pytest.fixture(scope="module")
def secrets():
    """The in-process code (setup, tokens) and the artifacts share this module's secrets."""
    from chalicelib.core.config import reset_settings

    saved = {k: os.environ.get(k) for k in ("SIGNING_SECRET", "OUTBOX_KEY")}
    os.environ.update({"SIGNING_SECRET": SECRET, "OUTBOX_KEY": OUTBOX_KEY})
    reset_settings()
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    reset_settings()


def _reaches(project, service: str) -> list[str]:
    return [service, *sorted(project.services[service].calls)]


def _resources(moto_server, project, service: str) -> None:
    """Only what the function's role may touch: its tables and those of the services it calls,
    the document bucket and state machines if it or they have them."""
    from infra.resources import create_local

    moto_server.reset()
    reaches = _reaches(project, service)
    tables = {t for s in reaches for t in project.services[s].tables}
    create_local(tables=tables, bucket=any(project.services[s].documents for s in reaches),
                 machines=set(reaches))


def _admin_token() -> str:
    """An admin account (written as a bulk import writes accounts: no SMS) and its token."""
    from chalicelib.core.auth import issue_token
    from chalicelib.identity import service, store

    user, entry, _ = service.new_account("test", ADMIN, "Artifact Admin", "9000000999", Role.ADMIN, Level.STATE,
                                         None, "artifact test")
    store.put_users_unchecked([user], [entry])
    principal = Principal(ADMIN, Role.ADMIN, Jurisdiction(Level.STATE, None), token_version=0,
                          token_id=uuid.uuid4().hex)
    return issue_token(principal, 600)


def _seed(service: str) -> None:
    import importlib
    import importlib.util

    if importlib.util.find_spec(f"chalicelib.{service}.service") is None:
        return
    seed = getattr(importlib.import_module(f"chalicelib.{service}.service"), "seed_master_data", None)
    if seed:
        seed("test")


def _citizen_token(client, sms, mobile: str = "9876543210") -> str:
    r = client.post("/auth/otp", {"mobile": mobile})
    assert r.status == 202, r
    r = client.post("/auth/otp/verify", {"mobile": mobile, "otp": sms.last_otp(mobile)})
    assert r.status == 200, r
    return r.json["token"]


def _write(client, sms, service: str, token: str) -> tuple[str, str, dict | None, dict, int, str]:
    """(method, resource, path parameters, body, expected status, token) of the function's
    authenticated write: the admin's unless a citizen's is the natural one."""
    if service == "grievances":
        return "POST", "/grievances", None, GRIEVANCE, 201, _citizen_token(client, sms)
    if service == "filings":
        from chalicelib.core import masterstore
        from chalicelib.filings.service import SETTINGS_KEY

        item = masterstore.one("filings", SETTINGS_KEY)
        body = {"data": item.data, "version": int(item.version), "note": "as read"}
        return "PUT", "/admin/filings/settings", None, body, 200, token
    return (*_admin_write(client, service, token), token)


def _admin_write(client, service: str, token: str) -> tuple[str, str, dict | None, dict, int]:
    if service == "identity":
        return "POST", "/admin/users", None, {"username": "dr.artifact", "name": "Deputy Registrar",
                                              "mobile": "9876500001", "role": "officer",
                                              "jurisdiction": {"level": "district", "code": "bhopal"}}, 201
    if service == "societies":
        return "POST", "/societies", None, {"name_hi": "परीक्षण सहकारी समिति", "name_en": "Test Cooperative Society",
                                            "type": "pacs", "district": "bhopal", "address": "भोपाल",
                                            "registered_on": "2020-04-01", "mobile": "9876500002"}, 201
    if service in ("reports", "subvention"):
        from chalicelib.societies import importer

        importer.write(importer.validate([PACS]).valid, actor="test")
        if service == "reports":
            return "PUT", "/reports/pacs/{reg_no}", {"reg_no": PACS["reg_no"]}, {
                "version": 0, "note": "onboarded", "epacs": {"onboarded_on": "2025-11-01",
                                                             "modules_live": ["loans"], "audit_on_portal": True}}, 200
        return "PUT", "/admin/subvention/pacs/{reg_no}", {"reg_no": PACS["reg_no"]}, {"bank": "dccb-bhopal"}, 200
    path = SETTINGS[service]
    read = client.get(path, token=token)
    assert read.status == 200, read
    view = read.json
    data = view["settings"] if service == "registrations" else view["data"]
    return "PUT", path, None, {**data, "version": view["version"], "note": "as read"}, 200


def _env(project, service: str, endpoint: str) -> dict[str, str]:
    """What the template gives the function (stage variables, secrets), pointed at moto."""
    stage = dict(project.stages["dev"])
    stage.update({"RESOURCE_PREFIX": os.environ["RESOURCE_PREFIX"], "SIGNING_SECRET": SECRET,
                  "OUTBOX_KEY": OUTBOX_KEY, "POWERTOOLS_SERVICE_NAME": service,
                  "AWS_LAMBDA_FUNCTION_NAME": f"sahkar-test-{service}", "AWS_ENDPOINT_URL": endpoint,
                  "AWS_DEFAULT_REGION": "ap-south-1", "AWS_REGION": "ap-south-1", "AWS_ACCESS_KEY_ID": "test",
                  "AWS_SECRET_ACCESS_KEY": "test", "AWS_SESSION_TOKEN": "test", "PATH": "/usr/bin:/bin",
                  "LANG": "C.UTF-8", "TZ": "UTC"})
    return stage


SERVICES = ["bootstrap", "notify", "identity", "societies", "grievances", "filings", "reports", "lokseva", "courts",
            "files",
            "servicebook", "registrations", "subvention", "audits"]


def test_every_function_is_tested_here(services):
    assert sorted(services) == sorted(SERVICES), "add the new function's public GET and write above"


def _custom_resource(url: str) -> dict:
    return {"RequestType": "Create", "ResponseURL": url, "StackId": "arn:aws:cloudformation:ap-south-1:1:stack/s/1",
            "RequestId": "req-1", "LogicalResourceId": "Bootstrap", "ResourceType": "Custom::Bootstrap",
            "ResourceProperties": {"AdminMobile": "9812345678", "AdminUsername": "admin"}}


def _check(service: str, expect: list, ran: dict) -> None:
    for (what, status), result in zip(expect, ran["results"], strict=True):
        assert result["ok"], f"{service} {what}: {result['error']}\n{result['trace']}"
        if status is not None:
            out = result["out"]
            assert out["statusCode"] == status, f"{service} {what}: {out['statusCode']} {out['body'][:1500]}"
    assert ran["outside"] == [], f"{service} imported from outside its artifact: {ran['outside']}"
    assert ran["without_bytecode"] == [], f"{service} shipped without bytecode: {ran['without_bytecode']}"


@pytest.mark.parametrize("service", SERVICES)
def test_function_runs_from_its_artifact(service, built, project, moto_server, secrets, client, sms, request):
    """First on empty tables, as right after a deploy (defaults come from the artifact's data
    files): /health, the public GET, every scheduled handler. Then, master data seeded and an admin
    signed in, the authenticated write."""
    _resources(moto_server, project, service)
    env = _env(project, service, moto_server.url)
    handlers = project.services[service].handlers
    api = next((h for h in handlers if h.kind == "api"), None)
    steps, expect = [], []
    if api:
        resource, params, query = PUBLIC_GET[service]
        steps += [{"handler": api.handler, "event": harness.api_event("GET", "/health")},
                  {"handler": api.handler, "event": harness.api_event("GET", resource, params, query)}]
        expect += [("GET /health", 200), (f"GET {resource}", 200)]
    for handler in handlers:
        if handler.kind == "schedule":
            steps.append({"handler": handler.handler, "event": harness.scheduled_event(handler.name)})
            expect.append((handler.name, None))
    answers = []
    if service == "bootstrap":      # the deploy's custom resource: seeds, makes the admin, answers CloudFormation
        url, answers = request.getfixturevalue("cloudformation")
        steps.append({"handler": "functions.bootstrap.deploy", "event": _custom_resource(url)})
        expect.append(("Custom::Bootstrap Create", None))
    assert steps, f"{service}: nothing to run"
    _check(service, expect, harness.run(built, service, steps, env))
    if service == "bootstrap":
        assert [a["Status"] for a in answers] == ["SUCCESS"], answers
        assert answers[0]["Data"]["Admin"] == "created" and int(answers[0]["Data"]["Seeded"]) > 0
        _check("lokseva", [("GET /lokseva/services", 200)], harness.run(built, "lokseva", [{
            "handler": "functions.lokseva.app", "event": harness.api_event("GET", "/lokseva/services")}],
            _env(project, "lokseva", moto_server.url)))

    if api:
        _seed(service)
        token = _admin_token()
        method, path, params, body, status, token = _write(client, sms, service, token)
        event = harness.api_event(method, path, params, body=body, token=token)
        _check(service, [(f"{method} {path}", status)],
               harness.run(built, service, [{"handler": api.handler, "event": event}], env))


def test_public_master_data_is_served_from_the_artifact(built, project, moto_server, secrets):
    """The data files travel with the code: the lokseva holiday list comes from its defaults.json."""
    import json

    _resources(moto_server, project, "lokseva")
    _seed("lokseva")
    ran = harness.run(built, "lokseva", [{"handler": "functions.lokseva.app",
                                          "event": harness.api_event("GET", "/lokseva/holidays/{year}",
                                                                     {"year": "2026"})}],
                      _env(project, "lokseva", moto_server.url))
    result = ran["results"][0]
    assert result["ok"], result.get("trace")
    assert result["out"]["statusCode"] == 200, result["out"]["body"][:500]
    assert json.loads(result["out"]["body"])["dates"], "no holidays: defaults.json was not shipped"


def test_review_pdf_renders_inside_the_artifact_with_hindi_text_intact(built, project, moto_server, secrets):
    """The PDF renderer (HarfBuzz + fontTools wheels in the layer, Noto fonts as data files of
    chalicelib.core.fonts) works from the unpacked artifact in a clean interpreter, and the text
    layer gives the Hindi back as written, word for word."""
    import base64
    import io

    from pypdf import PdfReader

    _resources(moto_server, project, "reports")
    _seed("reports")
    token = _admin_token()
    event = harness.api_event("GET", "/reports/review/pdf", query={"fortnight": "2025-11-1"}, token=token)
    event["headers"]["Accept"] = event["multiValueHeaders"]["Accept"][0] = "application/pdf"
    event["multiValueHeaders"]["Accept"] = ["application/pdf"]
    ran = harness.run(built, "reports", [{"handler": "functions.reports.app", "event": event}],
                      _env(project, "reports", moto_server.url), timeout=300)
    result = ran["results"][0]
    assert result["ok"], result.get("trace")
    out = result["out"]
    assert out["statusCode"] == 200, str(out.get("body"))[:500]
    body = base64.b64decode(out["body"]) if out.get("isBase64Encoded") else out["body"].encode("latin-1")
    assert body.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    words = set(text.split())
    for word in ("पाक्षिक", "समीक्षा", "शिकायतें", "ज़िला"):
        assert any(word in w for w in words), f"{word!r} not in the PDF's text layer"
    assert not ran["outside"], ran["outside"]          # nothing imported from outside the artifact
