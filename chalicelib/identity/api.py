"""identity routes: parse, call the use case, shape the answer."""

from __future__ import annotations

from chalicelib.core.auth import Role
from chalicelib.core.http import SIGNED_IN, Call, Routes, endpoint
from chalicelib.core.schemas import HistoryView
from chalicelib.identity import notifications, requests, service
from chalicelib.identity import schemas as s

bp = Routes("identity")
SVC = "identity"
ADMIN = (Role.ADMIN,)


@endpoint(bp, "/auth/otp", "POST", service=SVC, tags=("auth",), body=s.OtpRequest, response=s.OtpSent,
          status=202, errors=(422, 429), summary="Send a sign-in OTP by SMS to a citizen's mobile")
def request_otp(call: Call) -> dict:
    expires_in = service.request_citizen_otp(call.body.mobile, call.body.lang)
    return {"expires_in": expires_in, **service.otp_limits()}


@endpoint(bp, "/auth/otp/verify", "POST", service=SVC, tags=("auth",), body=s.OtpVerify, response=s.Session,
          errors=(401, 422), summary="Exchange a citizen's OTP for a session token")
def verify_otp(call: Call) -> dict:
    token, ttl = service.verify_citizen_otp(call.body.mobile, call.body.otp)
    return {"token": token, "expires_in": ttl, "role": Role.CITIZEN}


def source_of(call: Call) -> str:
    """The caller's network address as API Gateway saw it (never a client-set header)."""
    context = getattr(call.request, "context", None) or {}
    return str((context.get("identity") or {}).get("sourceIp") or "")


@endpoint(bp, "/auth/login", "POST", service=SVC, tags=("auth",), body=s.LoginRequest, response=s.Challenge,
          errors=(401, 422, 429), summary="Staff or society sign-in, step 1: password; an OTP goes by SMS")
def login(call: Call) -> dict:
    challenge_id, ttl, masked = service.staff_login(call.body.username, call.body.password, source_of(call))
    return {"challenge_id": challenge_id, "expires_in": ttl, "sent_to": masked}


@endpoint(bp, "/auth/login/verify", "POST", service=SVC, tags=("auth",), body=s.ChallengeVerify,
          response=s.Session, errors=(401, 422), summary="Staff sign-in, step 2: the OTP; returns a token")
def login_verify(call: Call) -> dict:
    token, ttl, role = service.verify_staff_login(call.body.challenge_id, call.body.otp)
    return {"token": token, "expires_in": ttl, "role": role}


@endpoint(bp, "/auth/password/reset", "POST", service=SVC, tags=("auth",), body=s.ResetRequest,
          response=s.Challenge, status=202, errors=(422, 429),
          summary="Set or reset a password (also activates a new account): an OTP goes to the registered mobile")
def password_reset(call: Call) -> dict:
    challenge_id, ttl = service.request_password_reset(call.body.username)
    return {"challenge_id": challenge_id, "expires_in": ttl}


@endpoint(bp, "/auth/password/reset/verify", "POST", service=SVC, tags=("auth",), body=s.ResetVerify,
          status=204, errors=(401, 422), summary="Set the new password with the OTP")
def password_reset_verify(call: Call) -> None:
    service.complete_password_reset(call.body.challenge_id, call.body.otp, call.body.new_password, source_of(call))


@endpoint(bp, "/me", service=SVC, tags=("auth",), auth=SIGNED_IN, response=s.Me, errors=(401,),
          summary="Who the token belongs to")
def me(call: Call) -> dict:
    return service.me(call.caller)


@endpoint(bp, "/me/notifications", service=SVC, tags=("auth",), auth=SIGNED_IN, query=s.NotificationQuery,
          response=s.NotificationList, errors=(400, 401),
          summary="Every message sent to me (the text of the SMS; OTPs are not kept), newest first")
def my_notifications(call: Call) -> dict:
    return notifications.page(call.caller, call.query.limit, call.query.next)


@endpoint(bp, "/me/requests", service=SVC, tags=("auth",), auth=SIGNED_IN, query=s.NotificationQuery,
          response=s.RequestList, errors=(400, 401, 403),
          summary="My requests across services: grievances, guaranteed-service applications, society registrations")
def my_requests(call: Call) -> dict:
    return requests.page(call.caller, call.query.limit, call.query.next)


@endpoint(bp, "/me/notifications/{notification_id}/read", "POST", service=SVC, tags=("auth",), auth=SIGNED_IN,
          response=s.NotificationView, errors=(401, 404), summary="Mark one of my notifications read")
def read_notification(call: Call, notification_id: str) -> dict:
    return notifications.mark_read(call.caller, notification_id)


@endpoint(bp, "/admin/users", "POST", service=SVC, tags=("admin",), auth=ADMIN, body=s.UserCreate,
          response=s.UserView, status=201, idempotent=True, errors=(401, 403, 409, 422),
          summary="Create a staff account; the person activates it with an OTP")
def create_user(call: Call) -> dict:
    b = call.body
    return service.create_account(call.caller.subject, b.username, b.name, b.mobile, Role(b.role),
                                  b.jurisdiction.level, b.jurisdiction.code, b.note)


@endpoint(bp, "/admin/users", service=SVC, tags=("admin",), auth=ADMIN, query=s.UserListQuery,
          response=s.UserList, errors=(400, 401, 403), summary="List staff accounts, a page at a time")
def list_users(call: Call) -> dict:
    q = call.query
    return service.list_accounts(q.role.value if q.role else None, q.limit, q.next)


@endpoint(bp, "/admin/users/{username}", service=SVC, tags=("admin",), auth=ADMIN, response=s.UserView,
          errors=(401, 403, 404), summary="One staff account")
def get_user(call: Call, username: str) -> dict:
    return service.get_account(username)


@endpoint(bp, "/admin/users/{username}", "PATCH", service=SVC, tags=("admin",), auth=ADMIN, body=s.UserUpdate,
          response=s.UserView, errors=(401, 403, 404, 409, 422),
          summary="Change name, mobile, role or jurisdiction (role/jurisdiction changes end live sessions)")
def update_user(call: Call, username: str) -> dict:
    b = call.body
    changes = b.model_dump(exclude={"version", "note"}, exclude_none=True, mode="json")
    return service.update_account(call.caller.subject, username, b.version, changes, b.note)


@endpoint(bp, "/admin/users/{username}/deactivate", "POST", service=SVC, tags=("admin",), auth=ADMIN,
          body=s.StatusChange, response=s.UserView, errors=(401, 403, 404, 409, 422),
          summary="Deactivate an account and revoke its live tokens")
def deactivate_user(call: Call, username: str) -> dict:
    return service.set_active(call.caller.subject, username, False, call.body.note)


@endpoint(bp, "/admin/users/{username}/activate", "POST", service=SVC, tags=("admin",), auth=ADMIN,
          body=s.StatusChange, response=s.UserView, errors=(401, 403, 404, 409, 422),
          summary="Reactivate an account")
def activate_user(call: Call, username: str) -> dict:
    return service.set_active(call.caller.subject, username, True, call.body.note)


@endpoint(bp, "/admin/users/{username}/history", service=SVC, tags=("admin",), auth=ADMIN,
          response=HistoryView, errors=(401, 403, 404), summary="The account's chained history")
def user_history(call: Call, username: str) -> dict:
    return service.account_history(username)
