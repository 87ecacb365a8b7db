"""lokseva's error messages in Hindi and English, registered with core.i18n when the service
loads (kept here so the service's vocabulary lives with it)."""

from __future__ import annotations

from chalicelib.core import i18n

MESSAGES: dict[str, tuple[str, str]] = {
    "ACK_INVALID": ("पावती क्रमांक 10 अंकों का होता है और 3 से शुरू होता है; कृपया क्रमांक जाँचें।",
                    "An acknowledgement number has 10 digits and starts with 3; please check the number."),
    "APPLICATION_NOT_FOUND": ("आवेदन {ack} नहीं मिला।", "Application {ack} not found."),
    "APPLICATION_NOT_YOURS": ("यह आवेदन आपका नहीं है।", "This application is not yours."),
    "APPLICATION_DECIDED": ("आवेदन पर निर्णय हो चुका है ({status})।", "The application has been decided ({status})."),
    "APPEAL_NOT_ALLOWED": ("स्थिति {status} में अपील नहीं की जा सकती।",
                           "No appeal lies while the application is {status}."),
    "APPEAL_WINDOW_PASSED": ("निर्णय के {days} दिन बीत चुके हैं; अपील का समय समाप्त।",
                             "More than {days} days since the decision; the time to appeal has passed."),
    "CERTIFICATE_NOT_READY": ("इस आवेदन का प्रमाण पत्र उपलब्ध नहीं है।", "This application has no certificate."),
    "CENTRE_NOT_FOUND": ("पैक्स सेवा केंद्र {reg_no} नहीं मिला।", "PACS service centre {reg_no} not found."),
    "NOT_A_PACS": ("संस्था {reg_no} पैक्स नहीं है।", "Society {reg_no} is not a PACS."),
    "PACS_NOT_YOURS": ("आप पैक्स {reg_no} के संचालक नहीं हैं।", "You are not an operator of PACS {reg_no}."),
    "OPERATOR_BOUND_ELSEWHERE": ("कोई संचालक पहले से किसी अन्य पैक्स से जुड़ा है।",
                                 "An operator is already bound to another PACS."),
    "FEE_TOO_LOW": ("लिया गया शुल्क सेवा शुल्क {fee} से कम है।", "The fee taken is less than the service fee {fee}."),
    "NOT_THE_SEAT": ("इस चरण का निर्णय इस कार्यालय के नामित अधिकारी ही कर सकते हैं।",
                     "Only the officers named for this office may decide at this stage."),
    "APPEAL_OWN_DECISION": ("अपने ही निर्णय के विरुद्ध अपील का निर्णय नहीं किया जा सकता।",
                            "An officer cannot decide an appeal against their own decision."),
    "HOLIDAY_YEAR_MISMATCH": ("अवकाश की तिथियाँ वर्ष {year} की होनी चाहिए।", "Holiday dates must fall in {year}."),
}

i18n.MESSAGES.update({code: text for code, text in MESSAGES.items() if code not in i18n.MESSAGES})
