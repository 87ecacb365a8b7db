"""reports' table: the only module of this service that touches DynamoDB.

Access patterns (pk / sk):
  a PACS's service-centre and e-PACS status   PACS#<reg_no>    / META
  its history                                 PACS#<reg_no>    / HIST#<seq>
  idempotency records (Powertools)            IDEMPOTENCY#reports / <hash>

  GSI by_district  district / reg_no   every status record of a district: one Query per district
                                      (about 80 PACS each) for the e-PACS report and its pending list

The roster of PACS is the societies registry (type "pacs"), read through societies' public
functions; a PACS with no status record here is simply "not yet onboarded".
"""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, ListAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import TransactWriteError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.core import dynamo
from chalicelib.core.history import Entry

SERVICE = "reports"


class ByDistrict(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_district"
        projection = AllProjection()

    district = UnicodeAttribute(hash_key=True)
    reg_no = UnicodeAttribute(range_key=True)


class PacsStatusItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="META")
    reg_no = UnicodeAttribute()
    name_hi = UnicodeAttribute()
    name_en = UnicodeAttribute()
    district = UnicodeAttribute()
    division = UnicodeAttribute()
    # e-PACS: onboarded to the national PACS software
    epacs_onboarded_on = UnicodeAttribute(null=True)
    epacs_modules = ListAttribute(of=UnicodeAttribute, default=list)
    audit_on_portal = BooleanAttribute(default=False)
    # common service centre
    csc_id = UnicodeAttribute(null=True)
    csc_services = ListAttribute(of=UnicodeAttribute, default=list)
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute()
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()
    by_district = ByDistrict()


TABLE_MODELS = [PacsStatusItem]


def pacs_pk(reg_no: str) -> str:
    return f"PACS#{reg_no}"


def get_status(reg_no: str) -> PacsStatusItem | None:
    return dynamo.get_or_none(PacsStatusItem, pacs_pk(reg_no), "META")


def save_status(item: PacsStatusItem, entry: Entry) -> None:
    """Create or change a status record with its history entry, in one transaction; a stale
    version (someone else saved first) is a 409."""
    item.history_seq, item.history_hash = entry.seq, entry.hash
    try:
        with dynamo.transact() as tx:
            tx.save(item)
            dynamo.history_put(tx, SERVICE, item.pk, entry)
    except TransactWriteError as exc:
        dynamo.raise_conflict_on_condition(exc)


def district_statuses(district: str) -> list[PacsStatusItem]:
    return list(PacsStatusItem.by_district.query(district))


def history(reg_no: str) -> list[Entry]:
    return dynamo.history_list(SERVICE, pacs_pk(reg_no))
