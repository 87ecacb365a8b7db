"""Error messages of the courts service, in Hindi and English (added to the shared vocabulary)."""

from chalicelib.core import i18n

i18n.MESSAGES.update({
    "COURT_NOT_FOUND": ("न्यायालय {court} नहीं मिला।", "Court {court} not found."),
    "CASE_NOT_FOUND": ("प्रकरण {case} नहीं मिला।", "Case {case} not found."),
    "CASE_NO_INVALID": ("प्रकरण क्रमांक इस प्रकार होता है: DR-BHOPAL/2026/0012",
                        "A case number looks like DR-BHOPAL/2026/0012."),
    "CASE_ACTION_NOT_IN_STATE": ("'{action}' स्थिति {status} में नहीं किया जा सकता।",
                                 "'{action}' cannot be done while the case is {status}."),
    "HEARING_NOT_YET": ("पेशी दिनांक {date} अभी नहीं आई; पहले तारीख बदलें।",
                        "The hearing date {date} has not come yet; reschedule instead."),
    "HEARING_ALREADY_DUE": ("पेशी दिनांक {date} आ चुकी है; स्थगन दर्ज करें।",
                            "The hearing date {date} has come; record an adjournment instead."),
    "HEARING_DATE_INVALID": ("पेशी की तारीख आज के बाद की और {days} दिन के भीतर हो।",
                             "A hearing date must be after today and within {days} days."),
    "CASE_APPEAL_NOT_ALLOWED": ("अपील स्वीकार नहीं: {reason}", "The appeal cannot be filed: {reason}"),
    "ORDER_NOT_FOUND": ("आदेश {order_id} नहीं मिला।", "Order {order_id} not found."),
})
