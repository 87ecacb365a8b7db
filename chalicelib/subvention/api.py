"""subvention routes: parse, call the use case, shape the answer."""

from __future__ import annotations

from chalicelib.core.auth import Role
from chalicelib.core.http import Call, Routes, endpoint
from chalicelib.subvention import schemas as s
from chalicelib.subvention import service

bp = Routes("subvention")
ADMIN = (Role.ADMIN,)
OPERATOR = (Role.PACS_OPERATOR,)
READERS = (Role.PACS_OPERATOR, Role.OFFICER, Role.ADMIN)


@endpoint(bp, "/subvention/calculate", "POST", body=s.CalculateRequest, response=s.Calculation, errors=(422,),
          summary="Interest subvention of one crop loan, exact to the paisa (anyone: farmer, PACS, bank); "
                  "rates from the season's master data")
def calculate(call: Call) -> dict:
    return service.calculate(call.body)


@endpoint(bp, "/subvention/seasons", response=list[s.SeasonView],
          summary="Kharif and Rabi seasons: drawal windows, due dates with every extension order, rates")
def list_seasons(call: Call) -> list:
    return service.seasons()


@endpoint(bp, "/subvention/seasons/{code}", response=s.SeasonDetail, errors=(404, 422),
          summary="One season (kharif-YYYY or rabi-YYYY) with its chained history")
def get_season(call: Call, code: str) -> dict:
    return service.season(code)


@endpoint(bp, "/admin/subvention/seasons/{code}", "PUT", tags=("admin",), auth=ADMIN, body=s.SeasonUpsert,
          response=s.SeasonView, errors=(401, 403, 404, 409, 422),
          summary="Create (no version) or change a season: windows, due date, extension orders, rates")
def put_season(call: Call, code: str) -> dict:
    return service.put_season(call.caller.subject, code, call.body)


@endpoint(bp, "/admin/subvention/pacs/{reg_no}", "PUT", tags=("admin",), auth=ADMIN, body=s.PacsBinding,
          response=s.PacsView, errors=(401, 403, 404, 409, 422),
          summary="Bind pacs_operator accounts and the claiming bank to a PACS (create: no version)")
def put_pacs(call: Call, reg_no: str) -> dict:
    return service.put_pacs(call.caller.subject, reg_no, call.body)


@endpoint(bp, "/subvention/ledgers", "POST", auth=OPERATOR, body=s.LedgerCreate, response=s.LedgerCreated,
          status=201, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="A PACS operator starts a season ledger upload: a presigned S3 PUT URL for the CSV")
def create_ledger(call: Call) -> dict:
    return service.create_ledger(call.caller, call.body.season, call.body.filename)


@endpoint(bp, "/subvention/ledgers/{ledger_id}/submit", "POST", auth=OPERATOR, response=s.LedgerView, status=202,
          errors=(401, 403, 404, 409, 422),
          summary="After the PUT: queue the ledger for background processing")
def submit_ledger(call: Call, ledger_id: str) -> dict:
    return service.submit_ledger(call.caller, ledger_id)


@endpoint(bp, "/subvention/ledgers/{ledger_id}", auth=READERS, response=s.LedgerView, errors=(401, 403, 404),
          summary="A ledger's status, counts and totals (its PACS's operator; officers of its district)")
def get_ledger(call: Call, ledger_id: str) -> dict:
    return service.get_ledger(call.caller, ledger_id)


@endpoint(bp, "/subvention/ledgers/{ledger_id}/errors", auth=READERS, query=s.PageQuery, response=s.ErrorPage,
          errors=(400, 401, 403, 404, 422), summary="A ledger's invalid rows with the reasons")
def ledger_errors(call: Call, ledger_id: str) -> dict:
    return service.ledger_errors(call.caller, ledger_id, call.query.limit, call.query.next)


@endpoint(bp, "/subvention/farmers/{member_no}", auth=READERS, query=s.FarmerQuery, response=s.FarmerView,
          errors=(401, 403, 404, 422), summary="A farmer's loans and results for a year (mobile masked)")
def get_farmer(call: Call, member_no: str) -> dict:
    return service.farmer(call.caller, member_no, call.query.year, call.query.pacs)


@endpoint(bp, "/subvention/claims", auth=READERS, query=s.ClaimsQuery, response=s.ClaimsView,
          errors=(401, 403, 404, 422),
          summary="Claim totals of each component for a half-year (ending 30 Sep or 31 Mar) by PACS, bank, "
                  "district or state, from counters kept on every write")
def get_claims(call: Call) -> dict:
    q = call.query
    return service.claims(call.caller, q.level, q.half_year, q.code)
