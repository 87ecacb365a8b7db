"""Documents' records and objects: the only pynamodb and S3 code behind core.documents.

Records live in the OWNING service's table (no table of their own, so a service's documents
move, back up and are permitted with the rest of its data). Items, beside the service's own:
  document                   DOC#<id>                 / META       status PENDING | CONFIRMED | REJECTED
  its history (hash chain)   DOC#<id>                 / HIST#<seq>
  read log of an owner       DOCREADS#<owner>         / <at>#<ulid>   append-only (put if absent)
Everything is read by key or by one Query on a partition: no index is needed, so the owning
table's defining model does not change. Objects are `<service>/<id>` in the private bucket.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.core import aws, dynamo
from chalicelib.core.config import get_settings
from chalicelib.core.history import Entry

CHUNK = 64 * 1024          # the checksum streams the object in pieces this big


def _record_attrs(service: str) -> dict:
    return {
        "Meta": dynamo.meta_for(service),
        "pk": UnicodeAttribute(hash_key=True),
        "sk": UnicodeAttribute(range_key=True, default="META"),
        "document_id": UnicodeAttribute(),
        "service": UnicodeAttribute(),
        "owner": UnicodeAttribute(),
        "uploaded_by": UnicodeAttribute(),
        "name": UnicodeAttribute(),
        "content_type": UnicodeAttribute(),
        "size": NumberAttribute(),
        "sha256": UnicodeAttribute(),
        "key": UnicodeAttribute(),
        "status": UnicodeAttribute(),
        "declared_at": UnicodeAttribute(),
        "upload_expires_at": UnicodeAttribute(),
        "confirmed_at": UnicodeAttribute(null=True),
        "object_version": UnicodeAttribute(null=True),
        "rejected_reason": UnicodeAttribute(null=True),
        "attached_to": UnicodeAttribute(null=True),
        "history_seq": NumberAttribute(default=0),
        "history_hash": UnicodeAttribute(null=True),
        "version": VersionAttribute(),
    }


@cache
def record_model(service: str) -> type:
    """The document record model bound to `service`'s table (one class per table)."""
    return type(f"{service.title().replace('-', '')}Document", (Model,), _record_attrs(service))


@cache
def read_model(service: str) -> type:
    attrs = {
        "Meta": dynamo.meta_for(service),
        "pk": UnicodeAttribute(hash_key=True),
        "sk": UnicodeAttribute(range_key=True),
        "document_id": UnicodeAttribute(),
        "name": UnicodeAttribute(),
        "reader": UnicodeAttribute(),
        "reader_role": UnicodeAttribute(),
        "at": UnicodeAttribute(),
    }
    return type(f"{service.title().replace('-', '')}DocumentRead", (Model,), attrs)


def record_pk(document_id: str) -> str:
    return f"DOC#{document_id}"


def reads_pk(owner: str) -> str:
    return f"DOCREADS#{owner}"


# --- records -------------------------------------------------------------------------------------

def new_record(service: str, **fields: Any) -> Any:
    return record_model(service)(pk=record_pk(str(fields["document_id"])), service=service, **fields)


def get(service: str, document_id: str, consistent: bool = True) -> Any:
    return dynamo.get_or_none(record_model(service), record_pk(document_id), "META", consistent)


def batch(service: str, document_ids: list[str]) -> list[Any]:
    model = record_model(service)
    found: list[Any] = []
    for chunk in dynamo.chunks(list(dict.fromkeys(document_ids)), 100):
        found.extend(model.batch_get([(record_pk(d), "META") for d in chunk]))
    return found


def save(record: Any, entry: Entry, create: bool = False) -> None:
    """The record (new, or conditional on the version read) and its history entry together; 409
    when someone changed it first."""
    model = type(record)
    record.history_seq, record.history_hash = entry.seq, entry.hash
    try:
        with dynamo.transact() as tx:
            tx.save(record, condition=model.pk.does_not_exist() if create else None)
            dynamo.history_put(tx, record.service, record.pk, entry)
    except TransactWriteError as exc:
        dynamo.raise_conflict_on_condition(exc, "DOCUMENT_CHANGED")


def attach_in(tx: TransactWrite, service: str, document_id: str, ref: str, owner: str, version: int) -> None:
    """Inside the owning service's transaction: bind a checked document to `ref` (e.g. a return),
    conditional on the version read. The condition also refuses a document not confirmed, of
    another owner, or attached elsewhere."""
    model = record_model(service)
    tx.update(model(pk=record_pk(document_id), sk="META", version=version), actions=[model.attached_to.set(ref)],
              condition=(model.status == "CONFIRMED") & (model.owner == owner)
              & (model.attached_to.does_not_exist() | (model.attached_to == ref)))


def history(service: str, document_id: str) -> list[Entry]:
    return dynamo.history_list(service, record_pk(document_id))


# --- the read log ----------------------------------------------------------------------------------

def log_read(service: str, owner: str, sort_key: str, **fields: Any) -> None:
    """Append one read; an existing item is never overwritten (the log is append-only)."""
    model = read_model(service)
    try:
        model(pk=reads_pk(owner), sk=sort_key, **fields).save(condition=model.pk.does_not_exist())
    except PutError as exc:
        dynamo.raise_conflict_on_condition(exc, "DOCUMENT_CHANGED")


def reads(service: str, owner: str, document_id: str | None, limit: int, start: dict | None):
    model = read_model(service)
    condition = model.document_id == document_id if document_id else None
    results = model.query(reads_pk(owner), filter_condition=condition, scan_index_forward=False,
                          last_evaluated_key=start, page_size=limit)
    return dynamo.page(results, limit)


# --- objects -------------------------------------------------------------------------------------

@cache
def _derived_bucket(prefix: str) -> str:
    account = aws.client("sts").get_caller_identity()["Account"]
    return f"{prefix}-documents-{account}"    # infra.resources.bucket_name, for the local stack


def bucket() -> str:
    settings = get_settings()
    return settings.document_bucket or _derived_bucket(settings.resource_prefix)


def presign_put(key: str, content_type: str, size: int, sha256_b64: str, seconds: int,
                tagging: str) -> tuple[str, dict[str, str]]:
    """A presigned PUT whose signature covers type, length, checksum and the pending tag: real S3
    refuses a request that differs (moto does not, so confirm checks again)."""
    params = {"Bucket": bucket(), "Key": key, "ContentType": content_type, "ContentLength": size,
              "ChecksumSHA256": sha256_b64, "Tagging": tagging}
    url = aws.client("s3").generate_presigned_url("put_object", Params=params, ExpiresIn=seconds)
    headers = {"Content-Type": content_type, "Content-Length": str(size), "x-amz-checksum-sha256": sha256_b64,
               "x-amz-tagging": tagging}
    return url, headers


def presign_get(key: str, version_id: str | None, filename: str, content_type: str, seconds: int) -> str:
    params = {"Bucket": bucket(), "Key": key, "ResponseContentType": content_type,
              "ResponseContentDisposition": f'attachment; filename="{filename}"'}
    if version_id:
        params["VersionId"] = version_id
    return aws.client("s3").generate_presigned_url("get_object", Params=params, ExpiresIn=seconds)


@dataclass(frozen=True)
class Head:
    size: int
    version_id: str | None


def head(key: str) -> Head | None:
    from botocore.exceptions import ClientError

    try:
        found = aws.client("s3").head_object(Bucket=bucket(), Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
            return None
        raise
    return Head(int(found["ContentLength"]), found.get("VersionId"))


def _get(key: str, version_id: str | None, **extra: Any) -> Any:
    params: dict[str, Any] = {"Bucket": bucket(), "Key": key, **extra}
    if version_id:
        params["VersionId"] = version_id
    return aws.client("s3").get_object(**params)["Body"]


def first_bytes(key: str, version_id: str | None, count: int) -> bytes:
    """A ranged GET: only the bytes the magic-number check needs."""
    body = _get(key, version_id, Range=f"bytes=0-{count - 1}")
    try:
        return body.read(count)
    finally:
        body.close()


def sha256_hex(key: str, version_id: str | None) -> str:
    """The object's SHA-256, streamed in chunks so memory stays flat whatever the size."""
    digest = hashlib.sha256()
    body = _get(key, version_id)
    try:
        for chunk in iter(lambda: body.read(CHUNK), b""):
            digest.update(chunk)
    finally:
        body.close()
    return digest.hexdigest()


def mark_checked(key: str, version_id: str | None) -> None:
    """A checked object is no longer 'pending', so the abandoned-upload rule leaves it alone."""
    params: dict[str, Any] = {"Bucket": bucket(), "Key": key,
                              "Tagging": {"TagSet": [{"Key": "upload", "Value": "checked"}]}}
    if version_id:
        params["VersionId"] = version_id
    aws.client("s3").put_object_tagging(**params)


def delete_everything(key: str) -> int:
    """Every version and delete marker of the key (the bucket is versioned: a plain delete would
    only hide the object). Returns how many were removed."""
    s3 = aws.client("s3")
    removed = 0
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket(), Prefix=key):
        doomed = [{"Key": v["Key"], "VersionId": v["VersionId"]}
                  for v in page.get("Versions", []) + page.get("DeleteMarkers", []) if v["Key"] == key]
        if doomed:
            s3.delete_objects(Bucket=bucket(), Delete={"Objects": doomed, "Quiet": True})
            removed += len(doomed)
    return removed
