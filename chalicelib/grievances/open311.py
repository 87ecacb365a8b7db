"""Open311 GeoReport v2 over grievances: services are the categories, requests the grievances.

Field names, status values (open/closed), the XML shapes and the error list follow the
specification (wiki.open311.org/GeoReport_v2), so existing clients work unchanged:
  - POST requests takes form-encoded parameters (JSON too) with an `api_key` an admin issued;
    `attribute[district]` (or `jurisdiction_id`) says where, `phone` is whom to tell by SMS;
  - requests are shown without personal data (no description, address, position or contact);
  - errors are `[{"code": 404, "description": "..."}]` (or <errors><error>…</error></errors>).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl
from xml.etree import ElementTree as ET  # noqa: S405 - we only write XML, never parse it

from chalice import Response

from chalicelib.core import clock, geo, i18n
from chalicelib.core.errors import AppError, BadRequest, Forbidden, NotFound, Unauthorized
from chalicelib.core.http import Call, Codec, json_response
from chalicelib.grievances import domain, integrations, service, store

FORMATS = ("json", "xml")
MAX_DAYS = 90
MAX_RESULTS = 1000

# --- the wire format -----------------------------------------------------------------------

ERROR_SCHEMA = {"type": "array", "items": {"type": "object", "required": ["code", "description"], "properties": {
    "code": {"type": "integer"}, "description": {"type": "string"}}}}


def split_format(name: str) -> tuple[str, str]:
    """'1234567897.json' -> ('1234567897', 'json'); 404 for any other suffix."""
    stem, dot, fmt = name.rpartition(".")
    if not dot or fmt not in FORMATS or not stem:
        raise NotFound("NOT_FOUND")
    return stem, fmt


def _xml_value(parent: ET.Element, name: str, value: Any, item_names: dict[str, str]) -> None:
    node = ET.SubElement(parent, name)
    if isinstance(value, list):
        for entry in value:
            _xml_value(node, item_names.get(name, "item"), entry, item_names)
    elif isinstance(value, dict):
        for key, inner in value.items():
            _xml_value(node, key, inner, item_names)
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif value is not None:
        node.text = str(value)


def to_xml(root: str, item: str | None, payload: Any) -> str:
    """GeoReport XML: a root holding one element per item (or the fields of one object)."""
    top = ET.Element(root)
    names = {"attributes": "attribute", "values": "value"}
    if item is None:
        for key, value in payload.items():
            _xml_value(top, key, value, names)
    else:
        for entry in payload:
            _xml_value(top, item, entry, names)
    return '<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="unicode")


class Open311Codec(Codec):
    """Form-encoded or JSON bodies; JSON or XML answers by the path's suffix; Open311's error list."""

    content_types = ("application/x-www-form-urlencoded", "application/json")
    media_types = ("application/json", "text/xml")
    error_schema = ERROR_SCHEMA

    def __init__(self, root: str, item: str | None, fmt: str | None = None, param: str | None = None) -> None:
        self.root, self.item, self.fmt, self.param = root, item, fmt, param

    def format_of(self, params: dict[str, str]) -> str:
        if self.fmt:
            return self.fmt
        name = params.get(self.param or "", "")
        fmt = name.rpartition(".")[2]
        return fmt if fmt in FORMATS else "json"

    def decode(self, content_type: str, raw: bytes) -> Any:
        if content_type == "application/json":
            data = super().decode(content_type, raw)
        else:
            try:
                data = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=200))
            except (UnicodeDecodeError, ValueError) as exc:
                raise BadRequest("VALIDATION_FAILED",
                                 details=[{"field": "body", "message": "not form-encoded"}]) from exc
        if not isinstance(data, dict):
            return data
        attributes = dict(data.pop("attribute", None) or {}) if isinstance(data.get("attribute"), dict) else {}
        for key in [k for k in data if k.startswith("attribute[") and k.endswith("]")]:
            attributes[key[len("attribute["):-1]] = data.pop(key)
        return {**data, "attribute": attributes} if attributes else data

    def respond(self, status: int, payload: Any, call: Call) -> Response:
        if self.format_of(call.params) == "xml":
            return Response(body=to_xml(self.root, self.item, payload), status_code=status,
                            headers={"Content-Type": "text/xml; charset=utf-8"})
        return json_response(payload, status)

    def fail(self, error: AppError, lang: str, params: dict[str, str]) -> Response:
        status = {413: 400, 415: 400, 422: 400, 409: 400, 429: 429}.get(error.status, error.status)
        message = i18n.translate(error.code, lang, **{**error.params, "fields": ", ".join(
            d.get("field", "") for d in error.details)})
        fields = "; ".join(f"{d.get('field')}: {d.get('message')}" for d in error.details)
        description = f"{message} ({fields})" if fields else message
        if self.format_of(params) == "xml":
            body = to_xml("errors", "error", [{"code": status, "description": description}])
            return Response(body=body, status_code=status,
                            headers={"Content-Type": "text/xml; charset=utf-8", **error.headers})
        return json_response([{"code": status, "description": description}], status, error.headers)


# --- services ------------------------------------------------------------------------------

def _open311_categories() -> dict[str, dict]:
    return {i.sk.removeprefix("CATEGORY#"): i.data for i in store.master.listed("CATEGORY#") if i.data.get("open311")}


def _offices() -> dict[str, dict]:
    return {i.sk.removeprefix("OFFICE#"): i.data for i in store.master.listed("OFFICE#")}


def services() -> list[dict]:
    offices = _offices()
    return [{"service_code": code, "service_name": data["name_en"], "description": data["name_hi"],
             "metadata": True, "type": "realtime", "keywords": code.replace("_", ", "),
             "group": offices.get(data["office"], {}).get("name_en")}
            for code, data in sorted(_open311_categories().items())]


def definition(code: str) -> dict:
    if code not in _open311_categories():
        raise NotFound("SERVICE_NOT_FOUND", service_code=code)
    districts = [{"key": d["code"], "name": d["name_en"]} for d in geo.districts()]
    return {"service_code": code, "attributes": [
        {"variable": True, "code": "district", "datatype": "singlevaluelist", "required": True,
         "datatype_description": "the district the request is about (or give jurisdiction_id)", "order": 1,
         "description": "District", "values": districts},
        {"variable": True, "code": "society_reg_no", "datatype": "string", "required": False,
         "datatype_description": "registration number, e.g. BPL-2020-00001", "order": 2,
         "description": "Society (if the request is about one)"},
    ]}


# --- requests ------------------------------------------------------------------------------

def _w3c(text: str | None) -> str | None:
    return clock.parse_iso(text).astimezone(clock.IST).isoformat() if text else None


def _request(item: store.GrievanceItem, categories: dict[str, dict], offices: dict[str, dict]) -> dict:
    """A grievance as a GeoReport request, with no personal data."""
    category = categories.get(item.category, {})
    status = domain.open311_status(item.status)
    return {
        "service_request_id": item.urn, "status": status,
        "status_notes": f"{item.status} at level {int(item.level)}",
        "service_name": category.get("name_en"), "service_code": item.category, "description": None,
        "agency_responsible": offices.get(item.office, {}).get("name_en"), "service_notice": None,
        "requested_datetime": _w3c(item.created_at), "updated_datetime": _w3c(item.updated_at),
        "expected_datetime": _w3c(item.due_at) if status == "open" else None,
        "address": None, "address_id": None, "zipcode": None, "lat": None, "long": None, "media_url": None,
    }


def _names() -> tuple[dict, dict]:
    return {i.sk.removeprefix("CATEGORY#"): i.data for i in store.master.listed("CATEGORY#")}, _offices()


def get_request(urn: str) -> list[dict]:
    item = store.get(urn) if domain.is_urn(urn) else None
    if item is None or item.type == "corruption":
        raise NotFound("GRIEVANCE_NOT_FOUND", urn=urn)
    return [_request(item, *_names())]


def token(token_id: str) -> list[dict]:
    """Requests are created at once, so a token is the request's own id."""
    get_request(token_id)
    return [{"service_request_id": token_id, "token": token_id}]


def _utc(moment: datetime) -> datetime:
    """Dates without a zone are Indian time; keys are UTC."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=clock.IST)).astimezone(UTC)


def _months(start: datetime, end: datetime) -> list[str]:
    """The UTC months (the index's partitions) a range touches, newest first."""
    months, cursor = [], start.replace(day=1)
    while cursor <= end:
        months.append(cursor.strftime("%Y-%m"))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return months[::-1]


def list_requests(query: Any) -> list[dict]:
    categories, offices = _names()
    if query.service_request_id:
        urns = [u.strip() for u in query.service_request_id.split(",") if domain.is_urn(u.strip())][:100]
        items = [i for i in store.batch(urns) if i.type != "corruption"]
        return [_request(i, categories, offices) for i in sorted(items, key=lambda i: i.created_at, reverse=True)]
    end = _utc(query.end_date) if query.end_date else clock.now()
    start = _utc(query.start_date) if query.start_date else end - timedelta(days=MAX_DAYS)
    if start > end or end - start > timedelta(days=MAX_DAYS):
        raise BadRequest("VALIDATION_FAILED", details=[{"field": "start_date",
                                                        "message": f"a range of at most {MAX_DAYS} days"}])
    statuses = _statuses(query.status)
    wanted = sorted(domain.ACTIVE) if statuses == {"open"} else sorted(domain.DISPOSED) if statuses == {
        "closed"} else None
    found: list[dict] = []
    for month in _months(start, end):
        rows = store.by_month(month, clock.iso(start), clock.iso(end), query.service_code, wanted,
                              MAX_RESULTS - len(found))
        found += [_request(i, categories, offices) for i in rows
                  if query.jurisdiction_id in (None, i.district)]
        if len(found) >= MAX_RESULTS:
            break
    return found


def _statuses(text: str | None) -> set[str]:
    if not text:
        return {"open", "closed"}
    given = {s.strip() for s in text.split(",") if s.strip()}
    if not given <= {"open", "closed"}:
        raise BadRequest("VALIDATION_FAILED", details=[{"field": "status", "message": "open or closed"}])
    return given


def create_request(body: Any, accept_lang: str) -> list[dict]:
    try:
        key = integrations.machine(body.api_key, "open311")
    except Unauthorized as exc:
        raise Forbidden("API_KEY_INVALID") from exc     # GeoReport: 403 for an invalid api_key
    if body.service_code not in _open311_categories():
        raise BadRequest("SERVICE_NOT_FOUND", details=[{"field": "service_code", "message": "unknown service"}],
                         service_code=body.service_code)
    district = body.attribute.get("district") or body.jurisdiction_id
    if not district or not geo.is_district(district):
        raise BadRequest("VALIDATION_FAILED", details=[{"field": "attribute[district]",
                                                        "message": "a district code (see the service definition)"}])
    if body.lat is None and body.long is None and not body.address_string and not body.address_id:
        raise BadRequest("VALIDATION_FAILED", details=[{"field": "lat", "message":
                                                        "give lat & long, address_string or address_id"}])
    if (body.lat is None) != (body.long is None):
        raise BadRequest("VALIDATION_FAILED", details=[{"field": "long", "message": "lat and long go together"}])
    if not body.phone:
        raise BadRequest("VALIDATION_FAILED", details=[{"field": "phone",
                                                        "message": "a mobile number, to send the reference by SMS"}])
    if not body.description:
        raise BadRequest("VALIDATION_FAILED", details=[{"field": "description", "message": "required"}])
    society = body.attribute.get("society_reg_no") or None
    data = {"type": "complaint", "category": body.service_code, "district": district,
            "subject": body.description[:150], "description": body.description, "society_reg_no": society}
    intake = service.Intake(actor=f"api:{key.name}", mobile=body.phone, citizen_id=None, source="open311",
                            lang=accept_lang, extra=(("lat", body.lat), ("long", body.long),
                                                     ("address", body.address_string)))
    item = service.open_grievance(intake, data)
    notice = "Registered; the reference number has been sent by SMS."
    return [{"service_request_id": item.urn, "service_notice": notice, "account_id": None}]
