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
    "SEAT_NOT_CONFIGURED": ("{office} ({desk}) का पद अभी किसी अधिकारी को सौंपा नहीं गया है; तब तक कोई निर्णय नहीं कर सकता।",
                            "No officer holds the seat of {office} at {desk} yet; nobody may decide until it is set."),
    "SEAT_HOLDER_INVALID": ("'{username}' {desk} पर बैठे सक्रिय अधिकारी नहीं हैं।",
                            "'{username}' is not an active officer sitting at {desk}."),
    "APPEAL_OWN_DECISION": ("अपने ही निर्णय के विरुद्ध अपील का निर्णय नहीं किया जा सकता।",
                            "An officer cannot decide an appeal against their own decision."),
    "HOLIDAY_YEAR_MISMATCH": ("अवकाश की तिथियाँ वर्ष {year} की होनी चाहिए।", "Holiday dates must fall in {year}."),
}

i18n.MESSAGES.update({code: text for code, text in MESSAGES.items() if code not in i18n.MESSAGES})

# per-service forms, documents, society-level services and the counter's fee (issue 15)
MESSAGES_FORMS: dict[str, tuple[str, str]] = {
    "FORM_REQUIRED": ("‘{label_hi}’ भरना ज़रूरी है।", "‘{label_en}’ is required."),
    "FORM_NOT_TEXT": ("‘{label_hi}’ में शब्द लिखें।", "‘{label_en}’ must be text."),
    "FORM_TOO_LONG": ("‘{label_hi}’ में अधिकतम {limit} अक्षर हो सकते हैं।", "‘{label_en}’ takes at most {limit} characters."),
    "FORM_PATTERN": ("‘{label_hi}’ सही रूप में नहीं है।", "‘{label_en}’ is not in the expected form."),
    "FORM_NOT_NUMBER": ("‘{label_hi}’ में संख्या लिखें।", "‘{label_en}’ must be a number."),
    "FORM_STEP": ("‘{label_hi}’ में {step} के गुणज लिखें।", "‘{label_en}’ goes in steps of {step}."),
    "FORM_RANGE": ("‘{label_hi}’ {low} से {high} के बीच होना चाहिए।", "‘{label_en}’ must be from {low} to {high}."),
    "FORM_NOT_DATE": ("‘{label_hi}’ में तारीख़ दिन/माह/वर्ष में लिखें, जैसे 31/12/2025।",
                      "‘{label_en}’ must be a date such as 31/12/2025."),
    "FORM_CHOICE": ("‘{label_hi}’ के लिए दी गई सूची में से चुनें।", "Choose ‘{label_en}’ from the list."),
    "FORM_UNKNOWN": ("यह सेवा ‘{name}’ नहीं पूछती।", "This service does not ask for ‘{name}’."),
    "DOCUMENT_MISSING": ("‘{name_hi}’ अपलोड करना ज़रूरी है।", "‘{name_en}’ must be uploaded."),
    "DOCUMENT_NOT_LISTED": ("यह दस्तावेज़ इस सेवा की सूची में नहीं है।", "This document is not on the service's list."),
    "SOCIETY_REQUIRED": ("यह सेवा किसी संस्था से जुड़ी है: संस्था चुनें।", "This service concerns a society: choose the society."),
    "SOCIETY_SERVICE_ONLY": ("इस सेवा के लिए संस्था स्वयं अपने लॉगिन से आवेदन करती है, व्यक्ति नहीं।",
                             "The society itself applies for this service, through its own login; a person cannot."),
    "PERSON_SERVICE_ONLY": ("यह सेवा व्यक्तियों के लिए है; संस्था के लॉगिन से इसका आवेदन नहीं होता।",
                            "This service is for persons; a society's login cannot apply for it."),
    "FEE_DIFFERS": ("लिया गया शुल्क ₹{taken} सेवा शुल्क ₹{fee} से अलग है: कारण लिखें।",
                    "The fee taken, ₹{taken}, differs from the service fee ₹{fee}: give the reason."),
    "NO_CENTRE": ("आपका खाता किसी पैक्स सेवा केंद्र से नहीं जुड़ा है; प्रशासक से संपर्क करें।",
                  "Your account is not bound to a PACS service centre; ask the administrator."),
    "RECEIPT_NOT_COUNTER": ("रसीद केवल पैक्स काउंटर पर किए गए आवेदन की होती है।",
                            "Only an application made at a PACS counter has a fee receipt."),
}
i18n.MESSAGES.update({code: text for code, text in MESSAGES_FORMS.items() if code not in i18n.MESSAGES})
