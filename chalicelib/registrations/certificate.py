"""The registration certificate (core.certificate's bilingual page); store.put_certificate puts
it on S3. Imported only by the step that registers a society."""

from __future__ import annotations

from chalicelib.core import certificate

ROWS = (
    ("reg_no", "पंजीयन क्रमांक", "Registration number"),
    ("name_hi", "संस्था का नाम", "Name of the society"),
    ("name_en", "नाम (अंग्रेज़ी में)", "Name in English"),
    ("type", "संस्था का प्रकार", "Type"),
    ("district", "ज़िला", "District"),
    ("address", "पता", "Address"),
    ("members", "प्रवर्तक सदस्य", "Promoter members"),
    ("share_capital", "अंश पूंजी (₹)", "Share capital (Rs)"),
    ("registered_on", "पंजीयन दिनांक", "Date of registration"),
    ("receipt_no", "आवेदन पावती", "Application receipt"),
)


def _layout(fields: dict) -> dict:
    return {"reference": fields["reg_no"], "title": ("पंजीयन प्रमाणपत्र", "Certificate of Registration"),
            "statement": ("प्रमाणित किया जाता है कि निम्न सहकारी संस्था पंजीकृत की गई है।",
                          "This is to certify that the cooperative society below has been registered."),
            "rows": [(hi, en, fields[key]) for key, hi, en in ROWS],
            "foot": f"पंजीयक / Registrar: {fields['registrar']}"}


def render(fields: dict) -> bytes:
    return certificate.render(**_layout(fields))
