"""The subvention service's messages, Hindi and English, registered with core.i18n on import
(one place for the whole service, so core/i18n.py needs no edit)."""

from __future__ import annotations

from chalicelib.core import i18n

MESSAGES: dict[str, tuple[str, str]] = {
    "SUBVENTION_AMOUNT_INVALID": ("राशि अमान्य है ({fields}): 0 से अधिक, अधिकतम दो दशमलव।",
                                  "Invalid amount ({fields}): more than 0, at most two decimals."),
    "SUBVENTION_DATES_OUT_OF_ORDER": ("लेन-देन तिथि क्रम में नहीं हैं ({fields})।",
                                      "The transactions are not in date order ({fields})."),
    "SUBVENTION_REPAYMENT_BEFORE_DRAWAL": ("किसी आहरण से पहले अदायगी नहीं हो सकती ({fields})।",
                                           "A repayment cannot come before any drawal ({fields})."),
    "SUBVENTION_OVERPAID": ("आहरित राशि से अधिक अदायगी ({fields})।", "More was repaid than drawn ({fields})."),
    "SUBVENTION_DRAWAL_AFTER_DUE": ("देय तिथि के बाद आहरण नहीं हो सकता ({fields})।",
                                    "A drawal cannot be after the due date ({fields})."),
    "SUBVENTION_DUE_BEFORE_DRAWAL": ("देय तिथि पहले आहरण से पहले है।", "The due date is before the first drawal."),
    "SEASON_NOT_FOUND": ("मौसम {season} का मास्टर डेटा नहीं है।", "There is no master data for season {season}."),
    "SEASON_CODE_INVALID": ("मौसम कोड kharif-YYYY या rabi-YYYY होता है।", "A season code is kharif-YYYY or rabi-YYYY."),
    "PACS_NOT_BOUND": ("आपका खाता किसी पैक्स से जुड़ा नहीं है।", "Your account is not bound to a PACS."),
    "PACS_NOT_FOUND": ("पैक्स {reg_no} नहीं मिली।", "PACS {reg_no} not found."),
    "LEDGER_NOT_FOUND": ("लेजर {ledger_id} नहीं मिला।", "Ledger {ledger_id} not found."),
    "LEDGER_NOT_UPLOADED": ("लेजर फ़ाइल अभी अपलोड नहीं हुई है।", "The ledger file has not been uploaded yet."),
    "LEDGER_TOO_LARGE": ("लेजर फ़ाइल बहुत बड़ी है (अधिकतम {limit} बाइट)।",
                         "The ledger file is too large (at most {limit} bytes)."),
    "LEDGER_NOT_IN_STATE": ("लेजर स्थिति {status} में है; यह कार्य नहीं हो सकता।",
                            "The ledger is {status}; this cannot be done now."),
}

i18n.MESSAGES.update(MESSAGES)
