"""servicebook routes: parse, call the use case, shape the answer."""

from __future__ import annotations

from chalicelib.core import document_schemas as d
from chalicelib.core.auth import Role
from chalicelib.core.http import Call, Routes, endpoint
from chalicelib.servicebook import leave, locker, service
from chalicelib.servicebook import schemas as s

bp = Routes("servicebook")
TAGS = ("servicebook",)
ESTABLISHMENT = (Role.ESTABLISHMENT,)
READERS = (Role.EMPLOYEE, Role.ESTABLISHMENT, Role.OFFICER)
CONTROLLERS = (Role.OFFICER, Role.EMPLOYEE)


# --- the establishment section -------------------------------------------------------------

@endpoint(bp, "/servicebook/employees", "POST", tags=TAGS, auth=ESTABLISHMENT, body=s.EmployeeCreate,
          response=s.EmployeeView, status=201, idempotent=True, errors=(401, 403, 409, 422),
          summary="Open an employee's service book in the section's own office, with the employee's login")
def open_service_book(call: Call) -> dict:
    return service.create_employee(call.caller, call.body.model_dump())


@endpoint(bp, "/servicebook/employees", tags=TAGS, auth=ESTABLISHMENT, query=s.PageQuery, response=s.EmployeePage,
          errors=(400, 401, 403, 422), summary="The employees of the section's own office, by name (mobiles masked)")
def list_office_employees(call: Call) -> dict:
    return service.list_office(call.caller, call.query.limit, call.query.next)


@endpoint(bp, "/servicebook/employees/{employee_id}/entries", "POST", tags=TAGS, auth=ESTABLISHMENT,
          body=s.EntryRequest, response=s.EntryResult, status=201, idempotent=True,
          errors=(401, 403, 404, 409, 422),
          summary="Append a posting, transfer, promotion, increment, training or correction (a correction "
                  "references the entry it corrects; nothing is ever edited); the employee gets an SMS")
def add_service_book_entry(call: Call, employee_id: str) -> dict:
    return service.add_entry(call.caller, employee_id, call.body.root)


# --- reading a service book ----------------------------------------------------------------

@endpoint(bp, "/servicebook/me", tags=TAGS, auth=(Role.EMPLOYEE,), response=s.EmployeeView,
          errors=(401, 403, 404), summary="The signed-in employee's own record and leave balances")
def my_service_book(call: Call) -> dict:
    return service.my_record(call.caller)


@endpoint(bp, "/servicebook/employees/{employee_id}", tags=TAGS, auth=READERS, response=s.EmployeeView,
          errors=(401, 403, 404), summary="An employee's record and leave balances (the employee, their "
                                          "office's establishment section, their controlling officer)")
def get_employee_record(call: Call, employee_id: str) -> dict:
    return service.get_employee(call.caller, employee_id)


@endpoint(bp, "/servicebook/employees/{employee_id}/book", tags=TAGS, auth=READERS, response=s.BookView,
          errors=(401, 403, 404), summary="The service book: every entry, hash-chained, oldest first")
def get_service_book(call: Call, employee_id: str) -> dict:
    return service.get_book(call.caller, employee_id)


# --- leave ---------------------------------------------------------------------------------

@endpoint(bp, "/servicebook/employees/{employee_id}/leave", "POST", tags=TAGS, auth=(Role.EMPLOYEE,),
          body=s.LeaveApply, response=s.LeaveView, status=201, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="Apply for leave (own book only): within the balance, not overlapping another application")
def apply_for_leave(call: Call, employee_id: str) -> dict:
    return leave.apply_leave(call.caller, employee_id, call.body.model_dump())


@endpoint(bp, "/servicebook/employees/{employee_id}/leave", tags=TAGS, auth=READERS, response=s.LeaveList,
          errors=(401, 403, 404), summary="An employee's leave applications, latest first")
def list_leave_applications(call: Call, employee_id: str) -> dict:
    return leave.list_leave(call.caller, employee_id)


@endpoint(bp, "/servicebook/employees/{employee_id}/leave/{leave_id}/decision", "POST", tags=TAGS,
          auth=CONTROLLERS, body=s.LeaveDecision, response=s.LeaveView, idempotent=True,
          errors=(401, 403, 404, 409, 422),
          summary="The controlling officer sanctions (balance debited atomically) or refuses, with a note")
def decide_leave_application(call: Call, employee_id: str, leave_id: str) -> dict:
    return leave.decide_leave(call.caller, employee_id, leave_id, call.body.model_dump())


@endpoint(bp, "/servicebook/leave/pending", tags=TAGS, auth=CONTROLLERS, query=s.PageQuery, response=s.LeavePage,
          errors=(400, 401, 403, 422), summary="Leave applications awaiting the signed-in controlling officer")
def pending_leave_applications(call: Call) -> dict:
    return leave.pending_leave(call.caller, call.query.limit, call.query.next)


# --- e-Sankalan: documents private to the employee and their establishment section ---------

LOCKER = (Role.EMPLOYEE, Role.ESTABLISHMENT)


@endpoint(bp, "/servicebook/employees/{employee_id}/documents", "POST", tags=TAGS, auth=LOCKER,
          body=d.UploadRequest, response=d.UploadTicket, status=201, idempotent=True,
          errors=(401, 403, 404, 422),
          summary="e-Sankalan: declare an upload (name, type, size, SHA-256) for a presigned PUT to S3")
def declare_locker_document(call: Call, employee_id: str) -> dict:
    return locker.declare_document(call.caller, employee_id, call.body.model_dump())


@endpoint(bp, "/servicebook/employees/{employee_id}/documents/{document_id}/confirm", "POST", tags=TAGS,
          auth=LOCKER, body=s.DocumentConfirm, response=s.LockerDocument, errors=(401, 403, 404, 409, 422),
          summary="e-Sankalan: check the uploaded file (size, type by content, SHA-256) and keep it in the "
                  "locker with its category; the service book records it and the employee gets an SMS")
def confirm_locker_document(call: Call, employee_id: str, document_id: str) -> dict:
    return locker.confirm_document(call.caller, employee_id, document_id, call.body.category)


@endpoint(bp, "/servicebook/employees/{employee_id}/documents", tags=TAGS, auth=LOCKER, response=s.LockerList,
          errors=(401, 403, 404), summary="e-Sankalan: the employee's documents, latest first")
def list_locker_documents(call: Call, employee_id: str) -> dict:
    return locker.list_locker(call.caller, employee_id)


@endpoint(bp, "/servicebook/employees/{employee_id}/documents/{document_id}/url", tags=TAGS, auth=LOCKER,
          response=d.ReadLink, errors=(401, 403, 404, 409),
          summary="e-Sankalan: a short-lived download link (every read is logged)")
def locker_document_link(call: Call, employee_id: str, document_id: str) -> dict:
    return locker.document_link(call.caller, employee_id, document_id)


@endpoint(bp, "/servicebook/employees/{employee_id}/document-reads", tags=TAGS, auth=LOCKER, query=s.PageQuery,
          response=d.ReadLogPage, errors=(400, 401, 403, 404, 422),
          summary="e-Sankalan: who read the employee's documents and when, newest first")
def locker_document_reads(call: Call, employee_id: str) -> dict:
    return locker.document_reads(call.caller, employee_id, call.query.limit, call.query.next)


# --- master data (admin) -------------------------------------------------------------------

@endpoint(bp, "/servicebook/settings", tags=("admin",), auth=(Role.ADMIN,), response=s.SettingsView,
          errors=(401, 403), summary="Service-book master data: superannuation age, leave kinds and their credit "
                                     "rules, pay matrix bounds, entry names")
def get_servicebook_settings(call: Call) -> dict:
    return service.settings_view()


@endpoint(bp, "/servicebook/settings", "PUT", tags=("admin",), auth=(Role.ADMIN,), body=s.SettingsUpdate,
          response=s.SettingsView, errors=(401, 403, 409, 422),
          summary="Change the service-book master data (the version you read; history kept)")
def put_servicebook_settings(call: Call) -> dict:
    b = call.body
    return service.put_settings(call.caller.subject, b.model_dump(exclude={"version", "note"}), b.version, b.note)
