"""identity use cases: load through the store, decide with the domain, save through the store."""

from __future__ import annotations

from chalicelib.core import clock, history, ids, notify
from chalicelib.core.auth import STAFF_ROLES, Jurisdiction, Level, Principal, Role, decode_token, issue_token
from chalicelib.core.config import get_settings
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Conflict, NotFound, RateLimited, Unauthorized
from chalicelib.identity import domain, passwords, store

CITIZEN_OTP = "citizen"
STAFF_LOGIN = "login"
PASSWORD_RESET = "reset"  # noqa: S105 - an OTP purpose, not a password


def _rules() -> domain.OtpRules:
    return domain.OtpRules.from_settings(get_settings())


def _secret() -> str:
    return get_settings().signing_secret.get_secret_value()


def _send_otp(mobile: str, pk: str, purpose: str, subject: str, template: str, lang: str) -> int:
    """Rate-limit per mobile, store a fresh hashed OTP, queue and send its SMS."""
    rules = _rules()
    now = clock.epoch()
    mkey = domain.mobile_key(_secret(), mobile)
    log = store.send_log(mkey)
    sends = domain.next_sends(list(log.sends or []), now, rules)
    code = ids.otp_code()
    otp = store.new_otp(pk, purpose, subject, domain.otp_digest(_secret(), purpose, subject, code), now + rules.ttl)
    sms = notify.compose(template, mobile, lang, expires_at=now + rules.ttl, otp=code, minutes=rules.ttl // 60)
    if not store.save_otp(log, sends, rules.window, otp, sms):
        raise RateLimited(rules.min_interval)
    notify.deliver([sms])
    return rules.ttl


def _check_otp(pk: str, purpose: str, subject: str, given: str, invalid_code: str) -> None:
    rules = _rules()
    otp = store.get_otp(pk)
    state = None if otp is None or otp.purpose != purpose else domain.OtpState(
        otp.digest, int(otp.expires_at), int(otp.attempts), bool(otp.used))
    domain.ensure_usable(state, clock.epoch(), rules, invalid_code)
    if not store.count_attempt(otp, rules.max_attempts):
        raise Unauthorized("OTP_LOCKED", attempts_left=0)
    if not domain.matches(state, domain.otp_digest(_secret(), purpose, subject, given)):
        left = max(0, rules.max_attempts - int(otp.attempts or 0))   # count_attempt has added this try
        raise Unauthorized(invalid_code, attempts_left=left)
    if not store.consume(otp):
        raise Unauthorized(invalid_code)


# --- citizens ------------------------------------------------------------------------------

def otp_limits() -> dict:
    """What the sign-in screen shows: when a new OTP may be asked for, and how many tries one has."""
    rules = _rules()
    return {"resend_after": rules.min_interval, "attempts": rules.max_attempts}


def request_citizen_otp(mobile: str, lang: str) -> int:
    """Same answer for every valid number: a citizen account is made on first verify."""
    mkey = domain.mobile_key(_secret(), mobile)
    return _send_otp(mobile, f"OTP#{mkey}", CITIZEN_OTP, mkey, "OTP_SIGN_IN", lang)


def verify_citizen_otp(mobile: str, otp: str) -> tuple[str, int]:
    mkey = domain.mobile_key(_secret(), mobile)
    _check_otp(f"OTP#{mkey}", CITIZEN_OTP, mkey, otp, "OTP_INVALID")
    citizen_id = store.citizen_by_mobile(mkey) or store.create_citizen(
        mkey, ids.new_id(), mobile, "hi", clock.iso(clock.now()))
    ttl = get_settings().citizen_token_ttl_seconds
    principal = Principal(subject=citizen_id, role=Role.CITIZEN, token_id=ids.new_id())
    return issue_token(principal, ttl), ttl


# --- staff and societies -------------------------------------------------------------------

def staff_login(username: str, password: str, source: str = "") -> tuple[str, int, str]:
    """Unknown, inactive, paused and wrong-password sign-ins all answer the same 401 LOGIN_FAILED
    after the same Argon2 work and the same writes, so nobody can tell real usernames or paused
    accounts apart (issue 13, hole 4). Failures pause a username per source (network address):
    someone guessing from elsewhere cannot lock the officer out of their own network; only a
    flood from many sources (the all-sources ceiling) pauses the username everywhere, and then the
    OTP-verified password reset clears it."""
    settings = get_settings()
    now = clock.epoch()
    name = username.lower()
    keys = [domain.failure_key(_secret(), name, source), domain.failure_key(_secret(), name, None)]
    logs = store.failure_times(keys)
    user = store.get_user(name)
    ok = passwords.verify_password(user.password_hash if user else None, password)   # always hashed
    window = settings.password_lock_seconds
    paused = (domain.is_locked(logs[keys[0]], now, settings.password_max_failures, window)
              or domain.is_locked(logs[keys[1]], now, settings.password_max_failures_all_sources, window))
    if not user or not user.active or not ok or paused:
        if not ok:
            store.add_failure(keys, now, window, logs, settings.password_max_failures_all_sources)
        raise Unauthorized("LOGIN_FAILED")
    if logs[keys[0]]:
        store.clear_failures(keys[:1])
    challenge_id = ids.new_id()
    template = "OTP_STAFF_LOGIN" if Role(user.role) in STAFF_ROLES else "OTP_ACCOUNT_LOGIN"   # a society, a CA firm
    ttl = _send_otp(user.mobile, f"CHALLENGE#{challenge_id}", STAFF_LOGIN, user.username, template,
                    user.lang or "hi")
    return challenge_id, ttl, notify.mask(user.mobile)


def verify_staff_login(challenge_id: str, otp: str) -> tuple[str, int, Role]:
    challenge = store.get_otp(f"CHALLENGE#{challenge_id}")
    subject = challenge.subject if challenge else ""
    _check_otp(f"CHALLENGE#{challenge_id}", STAFF_LOGIN, subject, otp, "CHALLENGE_INVALID")
    user = store.get_user(subject)
    if not user or not user.active:
        raise Unauthorized("CHALLENGE_INVALID")
    ttl = get_settings().staff_token_ttl_seconds
    principal = Principal(subject=user.username, role=Role(user.role),
                          jurisdiction=Jurisdiction.from_dict(_jurisdiction(user)),
                          token_version=int(user.token_version), token_id=ids.new_id())
    return issue_token(principal, ttl), ttl, principal.role


def request_password_reset(username: str) -> tuple[str, int]:
    """Also how a new account is activated, and how a locked-out officer gets back in. Unknown
    usernames get an equally shaped answer, rate-limited like a real one (a 429 must not tell a
    real username from an invented one)."""
    challenge_id = ids.new_id()
    user = store.get_user(username.lower())
    if user is None or not user.active:
        _count_send(domain.mobile_key(_secret(), "username:" + username.lower()))
        return challenge_id, _rules().ttl
    ttl = _send_otp(user.mobile, f"CHALLENGE#{challenge_id}", PASSWORD_RESET, user.username,
                    "OTP_PASSWORD_RESET", "hi")
    return challenge_id, ttl


def _count_send(key: str) -> None:
    """The send log's rate limit without an OTP or SMS: what an unknown username costs."""
    rules = _rules()
    log = store.send_log(key)
    sends = domain.next_sends(list(log.sends or []), clock.epoch(), rules)
    if not store.save_send_log(log, sends, rules.window):
        raise RateLimited(rules.min_interval)


def complete_password_reset(challenge_id: str, otp: str, new_password: str, source: str = "") -> None:
    challenge = store.get_otp(f"CHALLENGE#{challenge_id}")
    subject = challenge.subject if challenge else ""
    user = store.get_user(subject) if subject else None
    if user:
        domain.check_password_policy(new_password, user.username)
    _check_otp(f"CHALLENGE#{challenge_id}", PASSWORD_RESET, subject, otp, "CHALLENGE_INVALID")
    if not user or not user.active:
        raise Unauthorized("CHALLENGE_INVALID")
    was_activated = user.password_hash is not None
    user.password_hash = passwords.hash_password(new_password)
    # the owner's way back in: the username's pause everywhere and from the owner's own source end
    store.clear_failures([domain.failure_key(_secret(), user.username, None),
                          domain.failure_key(_secret(), user.username, source)])
    user.token_version = int(user.token_version) + 1  # a reset ends every other session
    _save(user, user.username, "password_set" if not was_activated else "password_reset",
          note="password set with OTP to the registered mobile")


# --- sessions ------------------------------------------------------------------------------

def authenticate(token: str) -> Principal:
    principal = decode_token(token)
    if principal.role == Role.CITIZEN:
        return principal
    user = store.get_user(principal.subject)
    if not user or not user.active or int(user.token_version) != principal.token_version:
        raise Unauthorized("TOKEN_INVALID")
    return principal


def me(principal: Principal) -> dict:
    if principal.role == Role.CITIZEN:
        citizen = store.get_citizen(principal.subject)
        return {"subject": principal.subject, "role": principal.role,
                "mobile": notify.mask(citizen.mobile) if citizen else None}
    user = store.get_user(principal.subject)
    return {"subject": principal.subject, "role": principal.role, "name": user.name if user else None,
            "jurisdiction": principal.jurisdiction.as_dict(), "mobile": notify.mask(user.mobile) if user else None}


# --- administration ------------------------------------------------------------------------

def _jurisdiction(user: store.UserItem) -> dict:
    value = user.jurisdiction
    return value.as_dict() if hasattr(value, "as_dict") else dict(value)


def _view(user: store.UserItem) -> dict:
    return {"username": user.username, "name": user.name, "role": user.role,
            "jurisdiction": _jurisdiction(user), "mobile": notify.mask(user.mobile),
            "active": user.active, "activated": user.password_hash is not None,
            "version": user.version, "created_at": user.created_at}


def _entry(user: store.UserItem, actor: str, action: str, note: str, from_state: str | None = None,
           to_state: str | None = None, data: dict | None = None) -> history.Entry:
    return history.next_entry(int(user.history_seq or 0), user.history_hash, at=clock.iso(clock.now()),
                              actor=actor, action=action, from_state=from_state, to_state=to_state,
                              note=note, data=data or {})


def _save(user: store.UserItem, actor: str, action: str, note: str, messages: list | None = None,
          from_state: str | None = None, to_state: str | None = None, data: dict | None = None) -> None:
    entry = _entry(user, actor, action, note, from_state, to_state, data)
    store.save_user(user, entry, messages or [])
    notify.deliver(messages or [])


def new_account(actor: str, username: str, name: str, mobile: str, role: Role, level: Level,
                code: str | None, note: str, kind: str = "STAFF",
                lang: str = "hi") -> tuple[store.UserItem, history.Entry, notify.Sms]:
    jurisdiction = domain.validate_jurisdiction(role, level, code)
    user = store.new_user(kind=kind, username=username, name=name, role=role.value, lang=lang,
                          jurisdiction=jurisdiction.as_dict(), mobile=mobile, created_at=clock.iso(clock.now()))
    entry = _entry(user, actor, "created", note, None, "active",
                   {"role": role.value, "jurisdiction": jurisdiction.as_dict()})
    return user, entry, notify.compose("ACCOUNT_CREATED", mobile, lang, username=username)


def create_account(actor: str, username: str, name: str, mobile: str, role: Role, level: Level,
                   code: str | None, note: str) -> dict:
    user, entry, sms = new_account(actor, username, name, mobile, role, level, code, note)
    if not store.create_user(user, entry, [sms]):
        raise Conflict("USER_EXISTS", username=username)
    notify.deliver([sms])
    return _view(store.get_user(username))


def _load(username: str) -> store.UserItem:
    user = store.get_user(username)
    if not user or user.kind != "STAFF":
        raise NotFound("USER_NOT_FOUND", username=username)
    return user


def get_account(username: str) -> dict:
    return _view(_load(username))


def update_account(actor: str, username: str, version: int, changes: dict, note: str) -> dict:
    user = _load(username)
    if int(user.version) != version:
        raise Conflict()
    role = Role(changes.get("role") or user.role)
    jur = changes.get("jurisdiction") or _jurisdiction(user)
    jurisdiction = domain.validate_jurisdiction(role, Level(jur["level"]), jur.get("code"))
    changed = {}
    for field_name, value in (("name", changes.get("name")), ("mobile", changes.get("mobile")),
                              ("role", role.value), ("jurisdiction", jurisdiction.as_dict())):
        current = _jurisdiction(user) if field_name == "jurisdiction" else getattr(user, field_name)
        if value is not None and value != current:
            changed[field_name] = value
            setattr(user, field_name, value)
    if {"role", "jurisdiction"} & changed.keys():
        user.token_version = int(user.token_version) + 1  # old tokens carry the old powers
    if "mobile" in changed:
        changed["mobile"] = notify.mask(changed["mobile"])
    _save(user, actor, "updated", note, data=changed)
    return _view(user)


def set_active(actor: str, username: str, active: bool, note: str) -> dict:
    user = _load(username)
    if user.username == actor and not active:
        raise Conflict("FORBIDDEN_ROLE", role="admin (cannot deactivate yourself)")
    if bool(user.active) == active:
        return _view(user)
    before = "active" if user.active else "inactive"
    user.active = active
    messages = []
    if not active:
        user.token_version = int(user.token_version) + 1  # revokes every live token
        messages.append(notify.compose("ACCOUNT_DEACTIVATED", user.mobile, "hi", username=user.username))
    _save(user, actor, "activated" if active else "deactivated", note, messages,
          before, "active" if active else "inactive")
    return _view(user)


def list_accounts(role: str | None, limit: int, cursor: str | None) -> dict:
    scope = f"users:{role or ''}"
    users, last = store.list_users("STAFF", role, limit, decode_cursor(cursor, scope))
    return {"items": [_view(u) for u in users], "next": encode_cursor(last, scope)}


def account_history(username: str) -> dict:
    _load(username)
    entries = store.user_history(username)
    return {"items": [e.as_dict() for e in entries], "chain_valid": history.verify(entries)}
