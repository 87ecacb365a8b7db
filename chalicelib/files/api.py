"""files routes: parse, call the use case, shape the answer."""

from __future__ import annotations

from chalicelib.core.auth import Role
from chalicelib.core.http import SIGNED_IN, Call, Routes, endpoint
from chalicelib.files import schemas as s
from chalicelib.files import service

bp = Routes("files")
HQ = (Role.OFFICER,)


@endpoint(bp, "/files", "POST", auth=HQ, body=s.CreateFile, response=s.FileView, status=201, idempotent=True,
          errors=(401, 403, 409, 422), summary="Open a file in an HQ section (number per section per year); "
                                               "its creator holds it")
def files_create(call: Call) -> dict:
    b = call.body
    return service.create(call.caller, b.section, b.subject, b.reference, b.note)


@endpoint(bp, "/files/sections", auth=SIGNED_IN, response=list[s.Section], errors=(401, 403),
          summary="HQ sections (master data)")
def files_list_sections(call: Call) -> list:
    return service.sections(call.caller)


@endpoint(bp, "/files/sections/{code}", "PUT", tags=("admin",), auth=(Role.ADMIN,), body=s.SectionUpsert,
          response=s.Section, errors=(401, 403, 404, 409, 422),
          summary="Create (no version) or rename a section")
def files_put_section(call: Call, code: str) -> dict:
    from chalicelib.core.errors import invalid_field

    if not code.isascii() or not code.isupper() or not 2 <= len(code) <= 5 or not code.isalpha():
        raise invalid_field("code", "2-5 capital letters")
    b = call.body
    return service.put_section(call.caller.subject, code, {"name_hi": b.name_hi, "name_en": b.name_en},
                               b.version, b.note)


@endpoint(bp, "/files/pendency", auth=HQ, query=s.PendencyQuery, response=s.Pendency, errors=(401, 403, 422),
          summary="Files pending with an officer (officer=) or in a section (section=, also per officer), "
                  "oldest first, with age bands")
def files_pendency(call: Call) -> dict:
    return service.pendency(call.caller, call.query.officer, call.query.section)


@endpoint(bp, "/files/{file_no}", auth=HQ, response=s.FileView, errors=(401, 403, 404),
          summary="Where the file is now, with whom and since when")
def files_where_is(call: Call, file_no: str) -> dict:
    return service.where(call.caller, file_no)


@endpoint(bp, "/files/{file_no}/actions", "POST", auth=HQ, body=s.FileAction, response=s.FileView,
          idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="Move to another officer with a note, return to the sender, dispose, archive "
                  "(only the officer holding the file)")
def files_act(call: Call, file_no: str) -> dict:
    b = call.body
    return service.act(call.caller, file_no, b.action, b.version, b.note, b.to)


@endpoint(bp, "/files/{file_no}/history", auth=HQ, response=s.Movements, errors=(401, 403, 404),
          summary="Every movement of the file, hash-chained")
def files_movements(call: Call, file_no: str) -> dict:
    return service.movements(call.caller, file_no)


@endpoint(bp, "/admin/files/settings", tags=("admin",), auth=(Role.ADMIN,), response=s.SettingsView,
          errors=(401, 403, 404), summary="File-tracking settings (pendency age bands) with their version")
def files_get_settings(call: Call) -> dict:
    return service.settings_view()


@endpoint(bp, "/admin/files/settings", "PUT", tags=("admin",), auth=(Role.ADMIN,), body=s.SettingsUpdate,
          response=s.SettingsView, errors=(401, 403, 404, 409, 422), summary="Change the pendency age bands")
def files_put_settings(call: Call) -> dict:
    b = call.body
    return service.put_settings(call.caller.subject, {"age_bands": b.age_bands}, b.version, b.note)
