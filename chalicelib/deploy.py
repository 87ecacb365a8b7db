"""What a deploy does once its resources exist (functions/bootstrap.py runs it from CloudFormation):
every service's master data seeded, and the first admin account.

Both are idempotent and never undo an admin's work: seeders write only the defaults that are
missing (an edited item keeps its edit), and an existing account of the admin's username is left
as it is. The first admin has no password: they set one with an OTP to the mobile given at deploy
time (POST /auth/password/reset, then /verify), the path every new account is activated by.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from chalicelib.audits import service as audits
from chalicelib.core.auth import Level, Role
from chalicelib.core.errors import Conflict
from chalicelib.courts import service as courts
from chalicelib.files import service as files
from chalicelib.filings import service as filings
from chalicelib.grievances import service as grievances
from chalicelib.lokseva import service as lokseva
from chalicelib.registrations import service as registrations
from chalicelib.servicebook import service as servicebook
from chalicelib.subvention import service as subvention

# Imported by name, so the packager ships them (tests/unit/test_deploy.py keeps this list equal to
# the services that have a seed_master_data).
SEEDERS: dict[str, Callable[[str], int | None]] = {
    "grievances": grievances.seed_master_data, "filings": filings.seed_master_data,
    "lokseva": lokseva.seed_master_data, "courts": courts.seed_master_data, "files": files.seed_master_data,
    "servicebook": servicebook.seed_master_data, "registrations": registrations.seed_master_data,
    "subvention": subvention.seed_master_data, "audits": audits.seed_master_data,
}
ACTOR = "deploy"
MOBILE = re.compile(r"^[6-9][0-9]{9}$")
ADMIN_NAME = "State Administrator"


def seed_all(actor: str = ACTOR) -> dict[str, int]:
    """Items written per service (0 when everything was there already)."""
    return {name: int(seed(actor) or 0) for name, seed in SEEDERS.items()}


def first_admin(username: str, mobile: str, actor: str = ACTOR) -> str:
    """"created", "kept" (the username exists: nothing changed) or "skipped" (no mobile given)."""
    from chalicelib.identity import service, store

    if not mobile:
        return "skipped"
    if not MOBILE.match(mobile):
        raise ValueError("AdminMobile must be a 10-digit Indian mobile number")
    if store.get_user(username.lower()) is not None:
        return "kept"
    try:
        service.create_account(actor, username.lower(), ADMIN_NAME, mobile, Role.ADMIN, Level.STATE, None,
                               "first admin, made by the deploy; activated with an OTP to this mobile")
    except Conflict:
        return "kept"
    return "created"


def bootstrap(admin_username: str, admin_mobile: str) -> dict:
    seeded = seed_all()
    return {"seeded": seeded, "admin": first_admin(admin_username, admin_mobile)}
