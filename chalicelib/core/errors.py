"""Typed domain errors. One mapping (core.http) turns them into HTTP responses."""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    status = 500
    default_code = "INTERNAL"

    def __init__(self, code: str | None = None, details: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None, **params: Any) -> None:
        self.code = code or self.default_code
        self.details = details or []
        self.headers = headers or {}
        self.params = params
        super().__init__(self.code)


class BadRequest(AppError):
    status = 400
    default_code = "BAD_REQUEST"


class Unauthorized(AppError):
    status = 401
    default_code = "UNAUTHENTICATED"


class Forbidden(AppError):
    status = 403
    default_code = "FORBIDDEN_ROLE"


class NotFound(AppError):
    status = 404
    default_code = "NOT_FOUND"


class Conflict(AppError):
    status = 409
    default_code = "VERSION_CONFLICT"


class PayloadTooLarge(AppError):
    status = 413
    default_code = "BODY_TOO_LARGE"


class UnsupportedMediaType(AppError):
    status = 415
    default_code = "UNSUPPORTED_MEDIA_TYPE"


class Invalid(AppError):
    status = 422
    default_code = "VALIDATION_FAILED"


class RateLimited(AppError):
    status = 429
    default_code = "RATE_LIMITED"

    def __init__(self, retry_after: int, code: str | None = None, **params: Any) -> None:
        retry_after = max(1, int(retry_after))
        super().__init__(code, headers={"Retry-After": str(retry_after)}, retry_after=retry_after, **params)


def invalid_field(field: str, message: str, code: str | None = None, **params: Any) -> Invalid:
    """A 422 naming one field, for rules pydantic cannot express (e.g. unknown district)."""
    error = Invalid(code, details=[{"field": field, "message": message}], fields=field, **params)
    if code:                       # the field's message in the reader's language is the code's own
        error.kinds = [("code", code, {"fields": field, **params})]
    return error


class Unavailable(AppError):
    """503 with Retry-After: the store stayed too busy (conflicts, throttling) to commit the change
    after every retry; nothing was written, so trying again later is safe."""

    status = 503
    default_code = "TRY_AGAIN"

    def __init__(self, retry_after: int = 1, code: str | None = None, **params: Any) -> None:
        retry_after = max(1, int(retry_after))
        super().__init__(code, headers={"Retry-After": str(retry_after)}, retry_after=retry_after, **params)


# DynamoDB error codes meaning "too busy now, nothing written": a request failing with one of
# them, after the SDK's and core.dynamo's retries, answers 503 + Retry-After, never 500.
BUSY_CODES = frozenset({"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
                        "TransactionConflictException", "TransactionInProgressException"})


def busy_code(exc: BaseException) -> str | None:
    """The DynamoDB busy code behind `exc` (a pynamodb or botocore error, or its cause), if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        response = getattr(current, "response", None)     # botocore's ClientError (pynamodb's cause)
        code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
        if code in BUSY_CODES:
            return code
        current = getattr(current, "cause", None) or current.__cause__
    return None
