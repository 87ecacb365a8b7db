"""The officer's desk (callback, bulk actions, near-breach alerts, dashboards): its messages in
Hindi and English, registered with core.i18n when the desk's modules load."""

from __future__ import annotations

from chalicelib.core import i18n

MESSAGES: dict[str, tuple[str, str]] = {
    "REVEAL_NOT_ALLOWED": ("शिकायतकर्ता का मोबाइल केवल वह अधिकारी देख सकता है जिसके पास शिकायत है, या उससे "
                           "ऊपर के स्तर का अधिकारी।",
                           "Only the officer the grievance is with, or an officer above in its chain, may see "
                           "the complainant's mobile."),
    "REVEAL_CLOSED": ("निराकृत शिकायत ({status}) पर मोबाइल नहीं दिखाया जाता।",
                      "The mobile is not shown for a disposed grievance ({status})."),
    "BULK_TOO_MANY": ("एक बार में अधिकतम {limit} शिकायतें।", "At most {limit} grievances at a time."),
    "TEMPLATE_NOT_FOUND": ("उत्तर का प्रारूप {code} नहीं मिला।", "Reply template {code} not found."),
}

i18n.MESSAGES.update({code: text for code, text in MESSAGES.items() if code not in i18n.MESSAGES})
