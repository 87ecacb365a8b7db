"""Create every resource from the infra definitions, then seed master data and demo accounts.

Safe to run again: creates only what is missing.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from chalicelib.core import history
from chalicelib.core.auth import Level, Role

DEMO_PASSWORD = "Sahkar@2026"  # noqa: S105 - printed on start: demo accounts of the local stack only


@dataclass(frozen=True)
class Demo:
    username: str
    name: str
    role: Role
    level: Level
    code: str | None
    mobile: str


DEMO_ACCOUNTS = (
    Demo("admin", "State Administrator", Role.ADMIN, Level.STATE, None, "9000000001"),
    Demo("rcs", "Registrar Cooperative Societies (HQ)", Role.OFFICER, Level.STATE, None, "9000000002"),
    Demo("jr.bhopal", "Joint Registrar, Bhopal Division", Role.OFFICER, Level.DIVISION, "bhopal", "9000000003"),
    Demo("dr.bhopal", "Deputy Registrar, Bhopal", Role.OFFICER, Level.DISTRICT, "bhopal", "9000000004"),
    Demo("dr.indore", "Deputy Registrar, Indore", Role.OFFICER, Level.DISTRICT, "indore", "9000000005"),
    Demo("cell.bhopal", "Housing Monitoring Cell, Bhopal", Role.HOUSING_CELL, Level.DIVISION, "bhopal", "9000000006"),
    Demo("addl.rcs", "Additional Registrar (HQ)", Role.OFFICER, Level.STATE, None, "9000000008"),
    Demo("callcentre", "CM Helpline call centre agent", Role.CALL_CENTRE, Level.STATE, None, "9000000007"),
    # a court's reader is bound to the court's node: the DR court of Bhopal is the district (courts.domain)
    Demo("court.bhopal", "Reader, Court of the Deputy Registrar, Bhopal", Role.COURT, Level.DISTRICT, "bhopal",
         "9000000009"),
    # grievances in DCCB categories (crop loans, deposits) land with the district's DCCB CEO (grievance seats)
    Demo("dccb.bhopal", "CEO, DCCB Bhopal", Role.OFFICER, Level.DISTRICT, "bhopal", "9000000014"),
    Demo("so.files", "Section Officer, HQ (file tracking)", Role.OFFICER, Level.STATE, None, "9000000010"),
    Demo("est.bhopal", "Establishment section, DR office Bhopal", Role.ESTABLISHMENT, Level.DISTRICT, "bhopal",
         "9000000011"),
)
# Opened through the servicebook service (which creates the employee's login) by est.bhopal.
DEMO_EMPLOYEE = {"employee_id": "MP00012345", "name": "Ramesh Kumar Verma", "designation": "Cooperative Inspector",
                 "cadre": "Cooperative Inspector", "date_of_birth": "1985-06-15", "date_of_joining": "2012-07-01",
                 "mobile": "9000000012", "controlling_officer": "dr.bhopal", "pay_level": 9,
                 "order_no": "DEMO/2012/1", "note": "demo service book of the local stack"}
# Bound to one PACS service centre through lokseva; its district is that PACS's.
DEMO_OPERATOR = Demo("pacs.operator", "PACS service-centre operator", Role.PACS_OPERATOR, Level.DISTRICT, None,
                     "9000000013")
# lokseva seats of the demo officers, for the department's own services only (co-operation: DR of
# the district designates, JR of the division hears the first appeal, RCS the second). Every other
# department's seat stays unnamed, so nobody of the demo decides those (issue 13, hole 1).
DEMO_SEATS = (("dr_coop", "district:bhopal", ("dr.bhopal",)), ("dr_coop", "district:indore", ("dr.indore",)),
              ("jr_coop", "division:bhopal", ("jr.bhopal",)), ("rcs", "state", ("rcs",)))


def ensure_resources() -> list[str]:
    """Tables, document bucket, SMS settings and state machines: the definitions the AWS template uses."""
    from infra.resources import create_local

    return create_local()


def ensure_master_data() -> int:
    """Master data kept in tables (grievance categories, offices, seats, time limits, ...)."""
    from chalicelib.services import seed_master_data

    return seed_master_data("stack")


def ensure_demo_accounts(password: str = DEMO_PASSWORD, accounts: tuple[Demo, ...] = DEMO_ACCOUNTS) -> list[Demo]:
    """Demo staff with a password already set (real accounts are activated by OTP)."""
    from chalicelib.identity import passwords, service, store

    made = []
    for demo in accounts:
        if store.get_user(demo.username):
            continue
        user, entry, _ = service.new_account("stack", demo.username, demo.name, demo.mobile, demo.role,
                                             demo.level, demo.code, "demo account of the local stack")
        user.password_hash = passwords.hash_password(password)
        store.create_user(user, entry, [])
        made.append(demo)
    return made


def ensure_demo_seats(seats: tuple = DEMO_SEATS) -> list[str]:
    """Name the demo officers to their lokseva seats through the admin's own (checked) use case;
    a seat an admin already named is left alone. Run after ensure_demo_accounts."""
    from chalicelib.lokseva import masterdata, schemas

    named = []
    for office, desk, usernames in seats:
        if masterdata.seat(office, desk) is None:
            masterdata.put_seat("stack", office, schemas.SeatPut(desk=desk, usernames=list(usernames),
                                                                 note="demo seat of the local stack"))
            named.append(f"{office}@{desk}")
    return named


def set_password(username: str, password: str = DEMO_PASSWORD) -> None:
    """Give one existing account (e.g. a seeded society's login) a known password, with history."""
    from chalicelib.identity import passwords, store

    user = store.get_user(username)
    if user is None or user.password_hash:
        return
    user.password_hash = passwords.hash_password(password)
    entry = history.next_entry(int(user.history_seq or 0), user.history_hash, at=user.created_at,
                               actor="stack", action="password_set", note="demo password of the local stack")
    store.save_user(user, entry, [])


@dataclass(frozen=True)
class Bindings:
    employee: Demo | None         # the employee's login (its service book opened)
    operator: Demo | None         # the PACS operator, with the district of their PACS
    pacs: str | None              # the PACS service centre they serve at

    @property
    def accounts(self) -> tuple[Demo, ...]:
        return tuple(d for d in (self.employee, self.operator) if d)

    @property
    def notes(self) -> list[str]:
        notes = []
        if self.employee:
            notes.append(f"{self.employee.username}: service book {DEMO_EMPLOYEE['employee_id']} opened by "
                         f"est.bhopal; leave sanctioned by {DEMO_EMPLOYEE['controlling_officer']}")
        if self.operator:
            notes.append(f"{self.operator.username}: operator of the PACS service centre {self.pacs}")
        return notes


def ensure_demo_bindings(pacs_reg_no: str | None, password: str = DEMO_PASSWORD) -> Bindings:
    """What some roles need beyond an account, made through the services' own use cases."""
    return Bindings(_demo_employee(password), *_demo_operator(pacs_reg_no, password))


def _demo_employee(password: str) -> Demo:
    """est.bhopal opens the demo employee's service book (its login comes with it), then the login
    gets the demo password like any demo account."""
    from chalicelib.core.auth import Jurisdiction, Principal
    from chalicelib.core.errors import Conflict
    from chalicelib.identity import store
    from chalicelib.servicebook import schemas, service

    clerk = next(d for d in DEMO_ACCOUNTS if d.role == Role.ESTABLISHMENT)
    username = DEMO_EMPLOYEE["employee_id"].lower()
    if store.get_user(username) is None:
        who = Principal(clerk.username, clerk.role, Jurisdiction(clerk.level, clerk.code))
        with suppress(Conflict):    # the book and its login are made in one transaction: it is there
            service.create_employee(who, schemas.EmployeeCreate(**DEMO_EMPLOYEE).model_dump())
    set_password(username, password)
    return Demo(username, DEMO_EMPLOYEE["name"], Role.EMPLOYEE, clerk.level, clerk.code, DEMO_EMPLOYEE["mobile"])


def _demo_operator(pacs_reg_no: str | None, password: str) -> tuple[Demo | None, str | None]:
    """A PACS operator in the district of `pacs_reg_no`, bound to it as lokseva's admin would."""
    from chalicelib.core.errors import Conflict
    from chalicelib.lokseva import centres, schemas
    from chalicelib.societies.public import get_society

    society = get_society(pacs_reg_no) if pacs_reg_no else None
    if society is None:
        return None, None
    demo = Demo(DEMO_OPERATOR.username, DEMO_OPERATOR.name, DEMO_OPERATOR.role, DEMO_OPERATOR.level,
                society["district"], DEMO_OPERATOR.mobile)
    ensure_demo_accounts(password, (demo,))
    body = schemas.CentrePut(operators=[demo.username], note="demo service centre of the local stack")
    with suppress(Conflict):        # the centre exists already (an earlier start made it)
        centres.put_centre("stack", pacs_reg_no, body)
    return demo, pacs_reg_no


def demo_pacs(count: int) -> str | None:
    """A seeded PACS to serve as the demo service centre: Bhopal's first, else the first anywhere."""
    from stack.seed_data import societies

    first = None
    for row in societies(count):
        if row["type"] in ("pacs", "lamps"):
            if row["district"] == "bhopal":
                return row["reg_no"]
            first = first or row["reg_no"]
    return first
