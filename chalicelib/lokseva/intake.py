"""What an application carries for its officer, checked before it is filed: who may apply for
the service (a person, or a society through its own login), the society it concerns, the form's
answers (lokseva/forms.py) and the required documents, uploaded through core.documents and bound
to the application in the filing transaction (every later read logged under the application)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chalicelib.core import documents
from chalicelib.core.auth import Principal, Role
from chalicelib.core.errors import Conflict, Forbidden, invalid_field
from chalicelib.lokseva import forms
from chalicelib.societies import public as societies

SERVICE = "lokseva"


def society_of(who: Principal) -> str:
    return who.subject.upper()          # a society signs in with its reg_no in lower case


# --- documents before filing ----------------------------------------------------------------

def declare(who: Principal, data: dict) -> dict:
    return documents.declare(SERVICE, owner=who.subject, uploader=who.subject, **data)


def confirm(who: Principal, document_id: str) -> dict:
    return documents.confirm(SERVICE, document_id, uploader=who.subject)


# --- the checks -----------------------------------------------------------------------------

@dataclass
class Intake:
    district: str
    answers: dict[str, str]
    society: dict | None = None
    attached: list[dict] = field(default_factory=list)     # [{"code", "document_id"}]
    found: dict[str, dict] = field(default_factory=dict)   # document_id -> document view

    def details(self, purpose: str | None, fee_reason: str | None = None) -> dict:
        # What the views show is kept on the record (file facts, the society's names), so reading an
        # application stays one Query: no read of the document records or the society per view.
        papers = [{**a, **{k: (self.found.get(a["document_id"]) or {}).get(k)
                           for k in ("name", "size", "content_type")}} for a in self.attached]
        out: dict[str, Any] = {"purpose": purpose, "form": self.answers, "documents": papers}
        if self.society:
            out["society"] = self.society["reg_no"]
            out["society_name_hi"] = self.society.get("name_hi")
            out["society_name_en"] = self.society.get("name_en")
        if fee_reason:
            out["fee_reason"] = fee_reason
        return out


def _applicant(who: Principal, service: dict, asked: str | None) -> str | None:
    """Who may apply: persons (citizens, or an operator for one) for person services; only the
    society's own login for society services, and then for itself."""
    if service.get("applicant", "person") == "society":
        if who.role != Role.SOCIETY:
            raise Forbidden("SOCIETY_SERVICE_ONLY")
        own = society_of(who)
        if asked and asked != own:
            raise invalid_field("society", "a society applies only for itself", "SOCIETY_SERVICE_ONLY")
        return own
    if who.role == Role.SOCIETY:
        raise Forbidden("PERSON_SERVICE_ONLY")
    return asked


def _society(reg_no: str | None) -> dict:
    if not reg_no:
        raise invalid_field("society", "choose the society this application concerns", "SOCIETY_REQUIRED")
    found = societies.get_society(reg_no)
    if found is None:
        raise invalid_field("society", f"no society {reg_no}", "SOCIETY_NOT_FOUND", reg_no=reg_no)
    return found


def _documents(who: Principal, service: dict, attached: list[Any]) -> tuple[list[dict], dict[str, dict]]:
    listed = service.get("documents") or []
    codes = [a.code for a in attached]
    ids = [a.document_id for a in attached]
    for index in forms.unknown_documents(listed, codes):
        raise invalid_field(f"documents.{index}.code", f"'{codes[index]}' is not on the service's list",
                            "DOCUMENT_NOT_LISTED")
    if len(set(codes)) != len(codes) or len(set(ids)) != len(ids):
        raise invalid_field("documents", "a document is listed twice")
    missing = forms.missing_documents(listed, codes)
    if missing:
        first = missing[0]
        raise invalid_field(f"documents.{first['code']}", f"upload {first['name_en']}", "DOCUMENT_MISSING",
                            name_hi=first["name_hi"], name_en=first["name_en"])
    found = documents.many(SERVICE, ids)
    for index, document_id in enumerate(ids):
        doc = found.get(document_id)
        where = f"documents.{index}.document_id"
        if doc is None or doc["owner"] != who.subject:
            raise invalid_field(where, f"no document {document_id} uploaded by you", "DOCUMENT_NOT_FOUND",
                                document_id=document_id)
        if doc["status"] != documents.CONFIRMED:
            raise invalid_field(where, "upload it and confirm it first", "DOCUMENT_NOT_READY",
                                document_id=document_id, status=doc["status"])
        if doc["attached_to"]:
            raise Conflict("DOCUMENT_ALREADY_ATTACHED", document_id=document_id)
    return [{"code": c, "document_id": i} for c, i in zip(codes, ids, strict=True)], found


def check(who: Principal, service: dict, body: Any, district: str | None, counter: str | None = None) -> Intake:
    """Everything the application must carry, or the first thing wrong (403 for who may not
    apply, 422 naming the field otherwise). `district`: the counter's; else the request's.
    At a PACS counter (`counter`: its reg_no) a service about a society means that PACS unless
    another society is named."""
    reg_no = _applicant(who, service, getattr(body, "society", None) or counter)
    society = _society(reg_no) if service.get("asks_society") or service.get("applicant") == "society" else None
    if society is not None:
        district = society["district"]
    if not district:
        raise invalid_field("district", "choose the district")
    answers = forms.check(service.get("form") or [], body.form)
    attached, found = _documents(who, service, list(body.documents or []))
    return Intake(district, answers, society, attached, found)


def attach_all(intake: Intake, owner: str, ack: str):
    """What the filing transaction runs to bind each document to the application."""
    def attach(tx: object) -> None:
        for document_id, doc in intake.found.items():
            documents.attach_in(tx, SERVICE, document_id, ref=f"APP#{ack}", owner=owner, version=doc["version"])
    return attach


def lost_race(intake: Intake) -> None:
    """After a refused filing: if a document went to another application meanwhile, say so."""
    for document_id, doc in documents.many(SERVICE, list(intake.found)).items():
        if doc["attached_to"]:
            raise Conflict("DOCUMENT_ALREADY_ATTACHED", document_id=document_id)


# --- what the officer sees ------------------------------------------------------------------

def answers_view(service: dict, answers: dict) -> list[dict]:
    out = []
    for spec in service.get("form") or []:
        if spec["name"] not in answers:
            continue
        value = answers[spec["name"]]
        shown = {"value": value}
        if spec["type"] == "choice":
            option = next((o for o in spec.get("options") or [] if o["value"] == value), None)
            if option:
                shown.update(value_hi=option["label_hi"], value_en=option["label_en"])
        out.append({"name": spec["name"], "type": spec["type"], "label_hi": spec["label_hi"],
                    "label_en": spec["label_en"], **shown})
    return out


def documents_view(service: dict, attached: list[dict]) -> list[dict]:
    names = {d["code"]: d for d in service.get("documents") or []}
    missing = [a["document_id"] for a in attached if "content_type" not in a]     # filed before facts were kept
    found = documents.many(SERVICE, missing) if missing else {}
    out = []
    for a in attached:
        listed = names.get(a["code"], {})
        doc = found.get(a["document_id"]) or a
        out.append({"code": a["code"], "name_hi": listed.get("name_hi", a["code"]),
                    "name_en": listed.get("name_en", a["code"]), "document_id": a["document_id"],
                    "file": doc.get("name"), "size": doc.get("size"), "content_type": doc.get("content_type")})
    return out


def read_link(who: Principal, ack: str, attached: list[dict], document_id: str) -> dict:
    """The caller may see the application (checked by the service); the read is logged under it."""
    if document_id not in [a["document_id"] for a in attached]:
        raise invalid_field("document_id", f"document {document_id} is not part of application {ack}",
                            "DOCUMENT_NOT_FOUND", document_id=document_id)
    return documents.read_url(SERVICE, document_id, reader=who.subject, reader_role=who.role.value,
                              log_owner=f"APP#{ack}")


def reads(ack: str, limit: int, cursor: str | None) -> dict:
    return documents.reads(SERVICE, f"APP#{ack}", limit, cursor)
