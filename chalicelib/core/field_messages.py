"""What is wrong with one field, in the reader's language.

pydantic words its errors in English only; a Hindi reader gets the same fact in Hindi from the
error's kind and its limits (ctx). Kinds not listed fall back to a plain "this value is not valid".
"""

from __future__ import annotations

from typing import Any

# pydantic error type -> Hindi text (str.format over the error's ctx)
HINDI: dict[str, str] = {
    "missing": "यह जानकारी आवश्यक है।",
    "string_too_short": "कम से कम {min_length} अक्षर लिखें।",
    "string_too_long": "अधिकतम {max_length} अक्षर लिखे जा सकते हैं।",
    "string_pattern_mismatch": "यह सही रूप में नहीं लिखा गया है।",
    "string_type": "यहाँ शब्द लिखे जाने चाहिए।",
    "too_short": "कम से कम {min_length} प्रविष्टियाँ आवश्यक हैं।",
    "too_long": "अधिकतम {max_length} प्रविष्टियाँ दी जा सकती हैं।",
    "int_parsing": "केवल पूर्ण संख्या लिखें।",
    "int_type": "केवल पूर्ण संख्या लिखें।",
    "int_from_float": "केवल पूर्ण संख्या लिखें।",
    "float_parsing": "केवल संख्या लिखें।",
    "decimal_parsing": "केवल संख्या लिखें।",
    "decimal_max_places": "दशमलव के बाद अधिकतम {decimal_places} अंक।",
    "greater_than": "{gt} से अधिक होना चाहिए।",
    "greater_than_equal": "कम से कम {ge} होना चाहिए।",
    "less_than": "{lt} से कम होना चाहिए।",
    "less_than_equal": "अधिकतम {le} हो सकता है।",
    "bool_parsing": "हाँ या नहीं चुनें।",
    "bool_type": "हाँ या नहीं चुनें।",
    "literal_error": "दिए गए विकल्पों में से एक चुनें।",
    "enum": "दिए गए विकल्पों में से एक चुनें।",
    "date_parsing": "तिथि वर्ष-माह-दिन (जैसे 2026-02-08) के रूप में लिखें।",
    "date_from_datetime_parsing": "तिथि वर्ष-माह-दिन (जैसे 2026-02-08) के रूप में लिखें।",
    "date_type": "तिथि वर्ष-माह-दिन (जैसे 2026-02-08) के रूप में लिखें।",
    "datetime_parsing": "समय सही रूप में नहीं लिखा गया है।",
    "extra_forbidden": "यह जानकारी इस अनुरोध में नहीं ली जाती।",
    "dict_type": "यह जानकारी सही रूप में नहीं भेजी गई।",
    "list_type": "यह जानकारी सूची के रूप में होनी चाहिए।",
}
FALLBACK = "यह मान मान्य नहीं है।"


def hindi(kind: str, ctx: dict[str, Any] | None = None) -> str:
    template = HINDI.get(kind, FALLBACK)
    try:
        return template.format(**(ctx or {}))
    except (KeyError, IndexError, ValueError):
        return FALLBACK
