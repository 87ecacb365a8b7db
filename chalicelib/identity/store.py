"""identity's table: the only module of this service that touches DynamoDB.

Access patterns (pk / sk):
  staff or society account           USER#<username>   / PROFILE     (GSI by_kind: kind, username)
  its history                        USER#<username>   / HIST#<seq>
  citizen                            CITIZEN#<id>      / PROFILE
  citizen by mobile (lookup)         MOBILE#<hmac>     / CITIZEN
  citizen OTP (latest only)          OTP#<hmac>        / OTP
  staff sign-in / reset challenge    CHALLENGE#<id>    / OTP
  OTP send log per mobile            RATE#<hmac>       / RATE
OTP, challenge and rate items expire by TTL.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    VersionAttribute,
)
from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.core import dynamo, outbox
from chalicelib.core.history import Entry
from chalicelib.core.notify import Sms

SERVICE = "identity"


class ByKind(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_kind"
        projection = AllProjection()

    kind = UnicodeAttribute(hash_key=True)
    username = UnicodeAttribute(range_key=True)


class UserItem(Model):
    """Also the table's defining model: its keys and index create the table."""

    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="PROFILE")
    kind = UnicodeAttribute()               # STAFF | SOCIETY
    username = UnicodeAttribute()
    name = UnicodeAttribute()
    role = UnicodeAttribute()
    jurisdiction = MapAttribute()
    mobile = UnicodeAttribute()
    lang = UnicodeAttribute(default="hi")   # the language of its SMS (a new society's: its applicant's choice)
    password_hash = UnicodeAttribute(null=True)
    active = BooleanAttribute(default=True)
    token_version = NumberAttribute(default=0)
    failed_logins = NumberAttribute(default=0)    # no longer written (failures: FailureLog); old items load
    locked_until = NumberAttribute(null=True)     # likewise
    created_at = UnicodeAttribute()
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()
    by_kind = ByKind()


class CitizenItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="PROFILE")
    citizen_id = UnicodeAttribute()
    mobile = UnicodeAttribute()
    lang = UnicodeAttribute(default="hi")
    created_at = UnicodeAttribute()


class MobileItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="CITIZEN")
    citizen_id = UnicodeAttribute()


class OtpItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="OTP")
    purpose = UnicodeAttribute()
    subject = UnicodeAttribute()            # username, or the mobile's hmac for citizens
    digest = UnicodeAttribute()
    expires_at = NumberAttribute()
    attempts = NumberAttribute(default=0)
    used = BooleanAttribute(default=False)
    expires_ttl = TTLAttribute()


class RateItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="RATE")
    sends = ListAttribute(of=NumberAttribute, default=list)
    expires_ttl = TTLAttribute()
    version = VersionAttribute()


class FailureLog(Model):
    """Failed sign-ins under one key (a username from one source, or a username from anywhere):
    the times, kept for the lock window. Appended atomically, no version: racing failures all count."""

    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="FAILS")
    times = ListAttribute(of=NumberAttribute, default=list)
    expires_ttl = TTLAttribute(null=True)


TABLE_MODEL = UserItem


def _ttl(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC) + timedelta(hours=1)


# --- OTP send log and OTP records ----------------------------------------------------------

def send_log(mobile_key: str) -> RateItem:
    return dynamo.get_or_none(RateItem, f"RATE#{mobile_key}", "RATE") or RateItem(pk=f"RATE#{mobile_key}")


def save_otp(rate: RateItem, sends: list[int], window: int, otp: OtpItem, sms: Sms) -> bool:
    """Log the send, store the OTP (replacing any older one) and queue its SMS, atomically.

    False when a concurrent send won the race on the send log.
    """
    rate.sends = sends
    rate.expires_ttl = _ttl(sends[-1] + window)
    otp.expires_ttl = _ttl(otp.expires_at)
    try:
        with dynamo.transact() as tx:
            tx.save(rate)
            tx.save(otp)
            outbox.add_to(tx, [sms])
    except TransactWriteError as exc:
        if dynamo.is_condition_failure(exc):
            return False
        raise
    return True


def save_send_log(rate: RateItem, sends: list[int], window: int) -> bool:
    """Log a send alone (no OTP, no SMS); False when a concurrent send won the race."""
    rate.sends = sends
    rate.expires_ttl = _ttl(sends[-1] + window)
    try:
        rate.save()
    except PutError as exc:
        if dynamo.is_condition_failure(exc):
            return False
        raise
    return True


def new_otp(pk: str, purpose: str, subject: str, digest: str, expires_at: int) -> OtpItem:
    return OtpItem(pk=pk, purpose=purpose, subject=subject, digest=digest, expires_at=expires_at)


def get_otp(pk: str) -> OtpItem | None:
    return dynamo.get_or_none(OtpItem, pk, "OTP")


def count_attempt(otp: OtpItem, max_attempts: int) -> bool:
    """Atomically spend one try; False if the OTP is already locked or used."""
    try:
        otp.update(actions=[OtpItem.attempts.add(1)],
                   condition=(OtpItem.attempts < max_attempts) & (OtpItem.used == False))  # noqa: E712
        return True
    except UpdateError as exc:
        if dynamo.is_condition_failure(exc):
            return False
        raise


def consume(otp: OtpItem) -> bool:
    """Single use: exactly one of two racing correct answers wins."""
    try:
        otp.update(actions=[OtpItem.used.set(True)], condition=OtpItem.used == False)  # noqa: E712
        return True
    except UpdateError as exc:
        if dynamo.is_condition_failure(exc):
            return False
        raise


# --- citizens ------------------------------------------------------------------------------

def citizen_by_mobile(mobile_key: str) -> str | None:
    found = dynamo.get_or_none(MobileItem, f"MOBILE#{mobile_key}", "CITIZEN")
    return found.citizen_id if found else None


def create_citizen(mobile_key: str, citizen_id: str, mobile: str, lang: str, at: str) -> str:
    """Create once; if another request created this mobile's citizen first, return that one."""
    try:
        with dynamo.transact() as tx:
            tx.save(MobileItem(pk=f"MOBILE#{mobile_key}", citizen_id=citizen_id),
                    condition=MobileItem.pk.does_not_exist())
            tx.save(CitizenItem(pk=f"CITIZEN#{citizen_id}", citizen_id=citizen_id, mobile=mobile, lang=lang,
                                created_at=at), condition=CitizenItem.pk.does_not_exist())
        return citizen_id
    except TransactWriteError as exc:
        existing = citizen_by_mobile(mobile_key)
        if existing:
            return existing
        raise exc


def get_citizen(citizen_id: str) -> CitizenItem | None:
    return dynamo.get_or_none(CitizenItem, f"CITIZEN#{citizen_id}", "PROFILE")


# --- staff and society accounts ------------------------------------------------------------

def get_user(username: str) -> UserItem | None:
    return dynamo.get_or_none(UserItem, f"USER#{username}", "PROFILE")


def new_user(**fields: object) -> UserItem:
    return UserItem(pk=f"USER#{fields['username']}", **fields)


def add_user_to(tx: TransactWrite, user: UserItem, entry: Entry, messages: list[Sms]) -> None:
    """A new account, its first history entry and its SMS, inside the caller's transaction."""
    user.history_seq, user.history_hash = entry.seq, entry.hash
    tx.save(user, condition=UserItem.pk.does_not_exist())
    dynamo.history_put(tx, SERVICE, user.pk, entry)
    outbox.add_to(tx, messages)


def create_user(user: UserItem, entry: Entry, messages: list[Sms]) -> bool:
    """False if the username is taken."""
    try:
        with dynamo.transact() as tx:
            add_user_to(tx, user, entry, messages)
    except TransactWriteError as exc:
        if dynamo.is_condition_failure(exc):
            return False
        raise
    return True


def save_user(user: UserItem, entry: Entry, messages: list[Sms]) -> None:
    """Save a changed account with its history entry; 409 if someone saved it first."""
    user.history_seq, user.history_hash = entry.seq, entry.hash
    try:
        with dynamo.transact() as tx:
            tx.save(user)  # VersionAttribute makes this conditional on the version read
            dynamo.history_put(tx, SERVICE, user.pk, entry)
            outbox.add_to(tx, messages)
    except TransactWriteError as exc:
        dynamo.raise_conflict_on_condition(exc)


def put_users_unchecked(users: list[UserItem], entries: list[Entry],
                        writer: dynamo.BatchWriter | None = None) -> None:
    """Bulk creation for seeding and imports: idempotent puts, 25 to a request."""
    history = dynamo.history_model(SERVICE)
    items = []
    for user, entry in zip(users, entries, strict=True):
        user.history_seq, user.history_hash = entry.seq, entry.hash
        items += [user, history(pk=user.pk, sk=f"HIST#{entry.seq:08d}", entry=entry.as_dict())]
    (writer or dynamo.BATCH_WRITER).put(items)


def failure_times(keys: list[str]) -> dict[str, list[int]]:
    """The failure log of each key (empty if none): one BatchGetItem."""
    found = {item.pk: [int(t) for t in item.times or []] for item in FailureLog.batch_get([(k, "FAILS") for k in keys])}
    return {key: found.get(key, []) for key in keys}


def add_failure(keys: list[str], now: int, keep_seconds: int, known: dict[str, list[int]], cap: int) -> None:
    """Append `now` to each key's log (list_append, so concurrent failures are all kept); a log
    longer than `cap` is cut back to its newest `cap` times instead."""
    for key in keys:
        times = known.get(key, [])
        log = FailureLog(pk=key)
        expires = FailureLog.expires_ttl.set(_ttl(now + keep_seconds))
        if len(times) >= cap:
            log.update(actions=[FailureLog.times.set([*times[-(cap - 1):], now]), expires])
        else:
            log.update(actions=[FailureLog.times.set((FailureLog.times | []).append([now])), expires])


def clear_failures(keys: list[str]) -> None:
    for key in keys:
        FailureLog(pk=key).delete()


def list_users(kind: str, role: str | None, limit: int, start: dict | None) -> tuple[list[UserItem], dict | None]:
    condition = UserItem.role == role if role else None
    results = UserItem.by_kind.query(kind, filter_condition=condition, last_evaluated_key=start,
                                     page_size=limit)
    return dynamo.page(results, limit)


def user_history(username: str) -> list[Entry]:
    return dynamo.history_list(SERVICE, f"USER#{username}")


def is_put_conflict(exc: Exception) -> bool:
    return isinstance(exc, PutError) and dynamo.is_condition_failure(exc)
