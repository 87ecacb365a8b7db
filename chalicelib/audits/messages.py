"""The audits service's error messages, Hindi and English, added to the one i18n table.

Kept beside the service (rather than in core/i18n.py) so each service owns its own wording.
"""

from __future__ import annotations

from chalicelib.core import i18n

MESSAGES: dict[str, tuple[str, str]] = {
    "AUDIT_YEAR_INVALID": ("अंकेक्षण वर्ष 2025-26 जैसे लिखें।", "Write the audit year like 2025-26."),
    "AUDIT_MARKS_INVALID": ("अंक 0 से {max_marks} के बीच हों।", "Marks must be between 0 and {max_marks}."),
    "AUDIT_ALLOT_LEVEL": ("अंकेक्षण आवंटन केवल मुख्यालय या संभाग (संयुक्त पंजीयक) करता है।",
                          "Audits are allotted only by HQ or the division's Joint Registrar."),
    "AUDIT_NOT_FOUND": ("वर्ष {year} में संस्था {reg_no} का अंकेक्षण आवंटन नहीं मिला।",
                        "No audit allotment for society {reg_no} in {year}."),
    "AUDIT_ALREADY_ALLOTTED": ("संस्था {reg_no} का वर्ष {year} का अंकेक्षण पहले ही आवंटित है।",
                               "The {year} audit of society {reg_no} is allotted already."),
    "AUDIT_NOT_IN_STATE": ("'{action}' स्थिति {status} में नहीं किया जा सकता।",
                           "'{action}' cannot be done while the audit is {status}."),
    "AUDIT_NOT_YOURS": ("यह अंकेक्षण आपको आवंटित नहीं है।", "This audit is not allotted to you."),
    "SOCIETY_NOT_YOURS": ("यह आपकी संस्था का अंकेक्षण नहीं है।", "This is not your society's audit."),
    "FIRM_NOT_FOUND": ("सीए फर्म {frn} नहीं मिली।", "CA firm {frn} not found."),
    "FIRM_EXISTS": ("सीए फर्म {frn} पहले से पंजीकृत है।", "CA firm {frn} is registered already."),
    "FIRM_NOT_YOURS": ("आप केवल अपनी फर्म का विवरण देख सकते हैं।", "You may see only your own firm's records."),
    "FIRM_NOT_EMPANELLED": ("सीए फर्म {frn} वर्ष {year} के लिए पैनल में नहीं है।",
                            "CA firm {frn} is not empanelled for {year}."),
    "AUDITOR_NOT_FOUND": ("विभागीय अंकेक्षक {auditor} नहीं मिला।", "Departmental auditor {auditor} not found."),
    "AUDITOR_EXISTS": ("विभागीय अंकेक्षक {auditor} पहले से है।", "Departmental auditor {auditor} exists already."),
    "AUDITOR_INACTIVE": ("अंकेक्षक {auditor} सक्रिय नहीं है।", "Auditor {auditor} is not active."),
    "CAPACITY_EXCEEDED": ("{auditor} की वर्ष {year} की क्षमता ({capacity}) पूरी हो चुकी है।",
                          "{auditor} has reached its capacity ({capacity}) for {year}."),
    "ROTATION_LIMIT": ("यह फर्म इस संस्था का अंकेक्षण लगातार {years} वर्ष कर चुकी है।",
                       "This firm has audited this society {years} years running."),
    "RUN_NOT_FOUND": ("आवंटन क्रम {run_id} नहीं मिला।", "Allocation run {run_id} not found."),
    "SETTINGS_NOT_FOUND": ("अंकेक्षण सेटिंग्स अभी नहीं बनीं।", "The audit settings are not set up yet."),
    "EMPANELMENT_NOT_FOUND": ("फर्म {frn} का वर्ष {year} का पैनल आवेदन नहीं मिला।",
                              "No empanelment of firm {frn} for {year}."),
    "EMPANELMENT_EXISTS": ("फर्म {frn} का वर्ष {year} का आवेदन पहले से है।",
                           "Firm {frn} has applied for {year} already."),
    "EMPANELMENT_NOT_IN_STATE": ("'{action}' स्थिति {status} में नहीं किया जा सकता।",
                                 "'{action}' cannot be done while the empanelment is {status}."),
    "EMPANELMENT_HQ_ONLY": ("पैनल आवेदनों का निर्णय केवल मुख्यालय करता है।",
                            "Empanelment applications are decided at HQ only."),
    "EMPANELMENT_ACTION_NOT_YOURS": ("'{action}' आपके द्वारा नहीं किया जा सकता।",
                                     "You may not take the action '{action}'."),
    "EMPANELMENT_NOT_YOURS": ("यह आपकी फर्म का आवेदन नहीं है।", "This is not your firm's application."),
    "EMPANELMENT_DEBARRED": ("फर्म {frn} वर्ष {year} में प्रतिबंधित है; आवेदन स्वीकार नहीं।",
                             "Firm {frn} was debarred in {year}; it may not apply."),
    "WORKFLOW_NOT_READY": ("प्रक्रिया अभी इस चरण पर नहीं पहुँची; थोड़ी देर बाद पुनः प्रयास करें।",
                           "The workflow has not reached this step yet; try again shortly."),
}

i18n.MESSAGES.update({code: text for code, text in MESSAGES.items() if code not in i18n.MESSAGES})
