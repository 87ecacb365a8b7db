"""The certificate a designated officer's approval produces: core.certificate's bilingual page
(Hindi and English, shaped)."""

from __future__ import annotations

from chalicelib.core import certificate

ROWS = (
    ("ack", "पावती क्रमांक", "Acknowledgement number"),
    ("applicant_name", "आवेदक", "Applicant"),
    ("district", "ज़िला", "District"),
    ("applied_on", "आवेदन दिनांक", "Applied on"),
    ("guaranteed_date", "गारंटीकृत तिथि", "Guaranteed by"),
    ("decided_on", "स्वीकृति दिनांक", "Approved on"),
    ("decided_by", "पदाभिहित अधिकारी", "Designated officer"),
    ("reasons", "टिप्पणी", "Remarks"),
)


def render(app: dict) -> bytes:
    return certificate.render(
        reference=app["ack"], title=(app["service_name_hi"], app["service_name_en"]),
        statement=("लोक सेवाओं के प्रदान की गारंटी अधिनियम, 2010 के अंतर्गत यह प्रमाण पत्र जारी किया जाता है।",
                   "Issued under the Madhya Pradesh Public Services Guarantee Act, 2010."),
        rows=[(hi, en, app[key]) for key, hi, en in ROWS],
        foot="इस प्रमाण पत्र को सहकार सेतु पोर्टल पर पावती क्रमांक से सत्यापित करें। "
             "Verify this certificate with its acknowledgement number on the Sahkar Setu portal.")
