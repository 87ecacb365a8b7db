"""Documents any service can take in and hand out: uploads straight to S3, checked by us.

The flow, for a service `svc` (its records live in its own table, objects under `svc/`):

    ticket = documents.declare("svc", owner=..., uploader=principal.subject, name=..., content_type=...,
                               size=..., sha256=..., policy=...)        # -> presigned PUT + headers
    # the client PUTs the bytes to ticket["upload"]["url"] with exactly ticket["upload"]["headers"]
    doc = documents.confirm("svc", document_id, uploader=principal.subject, policy=...)
    # in the service's own transaction, when the document joins its record:
    documents.attach_in(tx, "svc", document_id, ref="RET#...", owner=..., version=doc["version"])
    # after the service decided the reader may see it (every call is logged):
    link = documents.read_url("svc", document_id, reader=..., reader_role=..., log_owner=...)
    documents.reads("svc", owner, limit, cursor)                    # the owner's read log

To use it, a service registers with `services.WithDocuments(...)` (IAM on its `<service>/` prefix
and the bucket name in its environment), keeps the records in its own table (core.document_store:
DOC#<id> items, no index needed), and reuses the request/response shapes of
core.document_schemas (its own item keys must not start with DOC#). Who may upload, and who may
read what, stays the service's decision.

`confirm` checks the object itself, because the presigned request's signed headers are enforced
only by real S3 (not by moto) and the policy may have changed since: size within the policy and as
declared, type by the content's magic number (never the name), SHA-256 as declared. Anything
else is deleted with every version and refused with a 422 naming `size`, `content_type`,
`sha256` or `file`. The policy (size limit, types, URL lifetimes) is master data: a service
passes its admin-edited copy, or gets the defaults of masterdata/documents.json.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from chalicelib.core import clock, history, ids
from chalicelib.core import document_store as store
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Conflict, Forbidden, NotFound, invalid_field
from chalicelib.core.masterdata import load

PENDING, CONFIRMED, REJECTED = "PENDING", "CONFIRMED", "REJECTED"

# Magic numbers: what the first bytes of each allowed type must be. Facts about the formats,
# not policy (the policy chooses which of them a service accepts).
MAGIC: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
SNIFF_BYTES = max(len(m) for prefixes in MAGIC.values() for m in prefixes)
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]+')
_ID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")     # a ULID (core.ids.new_id)


@dataclass(frozen=True)
class Policy:
    max_bytes: int
    types: tuple[str, ...]
    upload_seconds: int
    read_seconds: int

    @classmethod
    def from_data(cls, data: dict) -> Policy:
        base = load("documents")
        pick = {k: data.get(k, base[k]) for k in ("max_bytes", "types", "upload_seconds", "read_seconds")}
        return cls(int(pick["max_bytes"]), tuple(pick["types"]), int(pick["upload_seconds"]),
                   int(pick["read_seconds"]))

    def as_dict(self) -> dict:
        return {**asdict(self), "types": list(self.types)}


def default_policy() -> Policy:
    return Policy.from_data({})


# --- pure rules ------------------------------------------------------------------------------------

def sniff(head: bytes) -> str | None:
    """The type the content's first bytes say it is, or None."""
    for content_type, prefixes in MAGIC.items():
        if any(head.startswith(prefix) for prefix in prefixes):
            return content_type
    return None


def safe_name(name: str) -> str:
    """A file name fit for a Content-Disposition header: no paths, quotes or control characters."""
    cleaned = _UNSAFE.sub("_", unicodedata.normalize("NFC", name)).strip(" ._")
    return cleaned[:200] or "document"


def check_declared(policy: Policy, content_type: str, size: int) -> None:
    if content_type not in policy.types:
        raise invalid_field("content_type", f"must be one of {', '.join(policy.types)}", "DOCUMENT_TYPE_NOT_ALLOWED",
                            types=", ".join(policy.types))
    if size > policy.max_bytes:
        raise invalid_field("size", f"at most {policy.max_bytes} bytes", "DOCUMENT_TOO_LARGE", limit=policy.max_bytes)


@dataclass(frozen=True)
class Failure:
    field: str
    code: str
    message: str
    limit: int | None = None


def inspect(record: Any, policy: Policy, found: store.Head | None, head: bytes | None,
            digest: str | None) -> Failure | None:
    """What is wrong with the uploaded object, given what was read of it (None: nothing)."""
    if found is None:
        return Failure("file", "DOCUMENT_NOT_UPLOADED", "no object was uploaded for this document")
    if found.size > policy.max_bytes:
        return Failure("size", "DOCUMENT_TOO_LARGE", f"{found.size} bytes; at most {policy.max_bytes}",
                       policy.max_bytes)
    if found.size != int(record.size):
        return Failure("size", "DOCUMENT_SIZE_MISMATCH", f"{found.size} bytes uploaded, {int(record.size)} declared")
    if head is None:
        return None
    kind = sniff(head)
    if kind is None or kind not in policy.types:
        return Failure("content_type", "DOCUMENT_CONTENT_NOT_ALLOWED",
                       f"the content is not one of {', '.join(policy.types)}")
    if kind != record.content_type:
        return Failure("content_type", "DOCUMENT_CONTENT_NOT_ALLOWED",
                       f"the content is {kind}, {record.content_type} was declared")
    if digest is not None and digest != record.sha256:
        return Failure("sha256", "DOCUMENT_CHECKSUM_MISMATCH", "the uploaded bytes do not match the declared SHA-256")
    return None


# --- use cases -------------------------------------------------------------------------------------

def view(record: Any) -> dict:
    return {"document_id": record.document_id, "name": record.name, "content_type": record.content_type,
            "size": int(record.size), "sha256": record.sha256, "status": record.status, "owner": record.owner,
            "declared_at": record.declared_at, "confirmed_at": record.confirmed_at,
            "attached_to": record.attached_to, "version": int(record.version)}


def declare(service: str, *, owner: str, uploader: str, name: str, content_type: str, size: int, sha256: str,
            policy: Policy | None = None) -> dict:
    """Record a declared upload and hand out a presigned PUT for exactly those bytes."""
    policy = policy or default_policy()
    check_declared(policy, content_type, size)
    document_id = ids.new_id()
    moment = clock.now()
    expires = clock.iso(moment + timedelta(seconds=policy.upload_seconds))
    record = store.new_record(service, document_id=document_id, owner=owner, uploaded_by=uploader,
                              name=safe_name(name), content_type=content_type, size=size, sha256=sha256.lower(),
                              key=f"{service}/{document_id}", status=PENDING, declared_at=clock.iso(moment),
                              upload_expires_at=expires)
    entry = history.next_entry(0, None, at=clock.iso(moment), actor=uploader, action="declared", to_state=PENDING,
                               data={"name": record.name, "content_type": content_type, "size": size})
    store.save(record, entry, create=True)
    checksum = base64.b64encode(bytes.fromhex(record.sha256)).decode()
    url, headers = store.presign_put(record.key, content_type, size, checksum, policy.upload_seconds,
                                     "upload=pending")
    return {"document_id": document_id, "status": PENDING, "expires_at": expires, "max_bytes": policy.max_bytes,
            "upload": {"method": "PUT", "url": url, "headers": headers}}


def _load(service: str, document_id: str) -> Any:
    record = store.get(service, document_id) if _ID.match(document_id) else None
    if record is None:
        raise NotFound("DOCUMENT_NOT_FOUND", document_id=document_id)
    return record


def get(service: str, document_id: str) -> dict | None:
    record = store.get(service, document_id, consistent=False) if _ID.match(document_id) else None
    return view(record) if record else None


def require(service: str, document_id: str) -> dict:
    return view(_load(service, document_id))


def many(service: str, document_ids: list[str]) -> dict[str, dict]:
    return {r.document_id: view(r) for r in store.batch(service, document_ids)}


def _change(record: Any, actor: str, action: str, to_state: str, note: str = "", data: dict | None = None) -> None:
    entry = history.next_entry(int(record.history_seq or 0), record.history_hash, at=clock.iso(clock.now()),
                               actor=actor, action=action, from_state=record.status, to_state=to_state, note=note,
                               data=data or {})
    record.status = to_state
    store.save(record, entry)


def confirm(service: str, document_id: str, *, uploader: str, policy: Policy | None = None) -> dict:
    """Check the uploaded object; keep it (CONFIRMED) or delete every version and refuse (422)."""
    policy = policy or default_policy()
    record = _load(service, document_id)
    if record.uploaded_by != uploader:
        raise Forbidden("DOCUMENT_NOT_YOURS", document_id=document_id)
    if record.status == CONFIRMED:
        return view(record)                    # a repeated confirm is answered, not redone
    if record.status != PENDING:
        raise Conflict("DOCUMENT_NOT_PENDING", document_id=document_id, status=record.status)
    found = store.head(record.key)
    failure = inspect(record, policy, found, None, None)
    if failure is None:                          # each read only when the cheaper checks passed
        head = store.first_bytes(record.key, found.version_id, SNIFF_BYTES)
        failure = inspect(record, policy, found, head, None)
        if failure is None:
            digest = store.sha256_hex(record.key, found.version_id)
            failure = inspect(record, policy, found, head, digest)
    if failure is not None:
        refusal = invalid_field(failure.field, failure.message, failure.code, limit=failure.limit)
        if failure.code == "DOCUMENT_NOT_UPLOADED":   # nothing to delete; the client may still upload
            raise refusal
        store.delete_everything(record.key)
        record.rejected_reason = failure.code
        _change(record, "system:documents", "rejected", REJECTED, note=failure.message,
                data={"field": failure.field, "code": failure.code})
        raise refusal
    store.mark_checked(record.key, found.version_id)
    record.object_version = found.version_id
    record.confirmed_at = clock.iso(clock.now())
    _change(record, uploader, "confirmed", CONFIRMED, data={"size": found.size})
    return view(record)


def attach_in(tx: Any, service: str, document_id: str, *, ref: str, owner: str, version: int) -> None:
    """Bind a confirmed document of `owner` to `ref` inside the caller's transaction, conditional
    on the `version` the caller read (refused if it changed, is not confirmed, is another
    owner's, or is attached elsewhere)."""
    store.attach_in(tx, service, document_id, ref, owner, version)


def read_url(service: str, document_id: str, *, reader: str, reader_role: str, log_owner: str,
             policy: Policy | None = None) -> dict:
    """A short-lived GET for a confirmed document. The caller has decided the reader may see it;
    the read is logged (under `log_owner`) before the link exists, so no read goes unrecorded."""
    policy = policy or default_policy()
    record = _load(service, document_id)
    if record.status != CONFIRMED:
        raise Conflict("DOCUMENT_NOT_READY", document_id=document_id, status=record.status)
    moment = clock.now()
    at = clock.iso(moment)
    store.log_read(service, log_owner, f"{at}#{ids.new_id()}", document_id=document_id, name=record.name,
                   reader=reader, reader_role=reader_role, at=at)
    url = store.presign_get(record.key, record.object_version, record.name, record.content_type,
                            policy.read_seconds)
    return {"document_id": document_id, "name": record.name, "content_type": record.content_type,
            "size": int(record.size), "url": url,
            "expires_at": clock.iso(moment + timedelta(seconds=policy.read_seconds))}


def reads(service: str, owner: str, limit: int, cursor: str | None, document_id: str | None = None) -> dict:
    """The owner's read log, newest first, paged."""
    scope = f"docreads:{service}:{owner}:{document_id}"
    items, last = store.reads(service, owner, document_id, limit, decode_cursor(cursor, scope))
    return {"items": [{"document_id": i.document_id, "name": i.name, "reader": i.reader,
                       "reader_role": i.reader_role, "at": i.at} for i in items],
            "next": encode_cursor(last, scope)}


def document_history(service: str, document_id: str) -> dict:
    entries = store.history(service, document_id)
    return {"items": [e.as_dict() for e in entries], "chain_valid": history.verify(entries)}
