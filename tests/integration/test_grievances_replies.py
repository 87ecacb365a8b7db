"""Reply templates: seeded per category in both languages, listed for officers, changed by the
admin with versions and history; nobody else edits them."""

from __future__ import annotations

from chalicelib.core.auth import Level, Role
from tests.integration.grievance_helpers import citizen, officer_token, seed_master_data, staff_token


def test_templates_are_master_data_per_category(client, sms, frozen_clock):
    seed_master_data()
    dr = officer_token(client, sms, "dr.bhopal")
    listed = client.get("/grievances/reply-templates?category=society_management", token=dr)
    assert listed.status == 200, listed
    codes = {t["code"] for t in listed.json}
    assert codes == {"agm_scheduled", "inquiry_ordered"}
    assert all(t["text_hi"] and t["text_en"] and t["category"] == "society_management" for t in listed.json)
    admin = staff_token(client, sms, "admin.one", Role.ADMIN, Level.STATE, None, "9111100098")
    body = {"name_hi": "दस्तावेज़ प्राप्त", "name_en": "Documents received", "text_hi": "आपके दस्तावेज़ प्राप्त हो गए हैं।",
            "text_en": "Your documents have been received.", "note": "new template"}
    made = client.call("PUT", "/admin/grievances/reply-templates/membership/documents_received", body, token=admin)
    assert made.status == 200 and made.json["version"] == 1, made
    stale = client.call("PUT", "/admin/grievances/reply-templates/membership/documents_received",
                        {**body, "version": 5}, token=admin)
    assert stale.status == 409
    changed = client.call("PUT", "/admin/grievances/reply-templates/membership/documents_received",
                          {**body, "text_en": "All your documents are in.", "version": 1}, token=admin)
    assert changed.status == 200 and changed.json["version"] == 2, changed
    mine = client.get("/grievances/reply-templates?category=membership", token=dr).json
    assert {t["code"]: t["text_en"] for t in mine}["documents_received"] == "All your documents are in."
    unknown = client.call("PUT", "/admin/grievances/reply-templates/no_such/one", body, token=admin)
    assert unknown.status == 422 and unknown.error_code == "UNKNOWN_CATEGORY"
    assert client.call("PUT", "/admin/grievances/reply-templates/membership/x1", body, token=dr).status == 403
    assert client.get("/grievances/reply-templates", token=citizen(client, sms)).status == 403
