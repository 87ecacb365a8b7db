"""Documents with a grievance (a photo, a letter, a receipt): uploaded through core.documents
before filing, bound to the grievance in the filing transaction, read by whoever may see the
grievance (every read logged under the grievance)."""

from __future__ import annotations

from chalicelib.core import documents
from chalicelib.core.auth import Principal
from chalicelib.core.errors import Conflict, invalid_field

SERVICE = "grievances"


def uploader(who: Principal) -> str:
    """Whose upload it is: the citizen, or the call-centre agent filing for one."""
    return who.subject


def declare(who: Principal, data: dict) -> dict:
    return documents.declare(SERVICE, owner=uploader(who), uploader=uploader(who), **data)


def confirm(who: Principal, document_id: str) -> dict:
    return documents.confirm(SERVICE, document_id, uploader=uploader(who))


def attachable(owner: str, document_ids: list[str]) -> dict[str, dict]:
    """The documents a new grievance may take: confirmed, this filer's, not with another grievance.
    The filing transaction checks the same again (documents.attach_in), so a race loses cleanly."""
    if len(set(document_ids)) != len(document_ids):
        raise invalid_field("documents", "a document is listed twice")
    found = documents.many(SERVICE, document_ids)
    for index, document_id in enumerate(document_ids):
        doc = found.get(document_id)
        field = f"documents.{index}"
        if doc is None or doc["owner"] != owner:
            raise invalid_field(field, f"no document {document_id} uploaded by you", "DOCUMENT_NOT_FOUND",
                                document_id=document_id)
        if doc["status"] != documents.CONFIRMED:
            raise invalid_field(field, "upload it and confirm it first", "DOCUMENT_NOT_READY",
                                document_id=document_id, status=doc["status"])
        if doc["attached_to"]:
            raise Conflict("DOCUMENT_ALREADY_ATTACHED", document_id=document_id)
    return found


def attach_all(found: dict[str, dict], owner: str, urn: str):
    """What the filing transaction runs to bind each document to the grievance."""
    def attach(tx: object) -> None:
        for document_id, doc in found.items():
            documents.attach_in(tx, SERVICE, document_id, ref=f"GRV#{urn}", owner=owner, version=doc["version"])
    return attach


def lost_race(found: dict[str, dict]) -> None:
    """After a refused filing: if a document went to another grievance meanwhile, say so."""
    for document_id, doc in documents.many(SERVICE, list(found)).items():
        if doc["attached_to"]:
            raise Conflict("DOCUMENT_ALREADY_ATTACHED", document_id=document_id)


def read_link(who: Principal, urn: str, document_ids: list[str], document_id: str) -> dict:
    """The caller may see the grievance (checked by the service); the read is logged under it."""
    if document_id not in document_ids:
        raise invalid_field("document_id", f"document {document_id} is not part of grievance {urn}",
                            "DOCUMENT_NOT_FOUND", document_id=document_id)
    return documents.read_url(SERVICE, document_id, reader=who.subject, reader_role=who.role.value,
                              log_owner=f"GRV#{urn}")


def reads(urn: str, limit: int, cursor: str | None) -> dict:
    return documents.reads(SERVICE, f"GRV#{urn}", limit, cursor)
