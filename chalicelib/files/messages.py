"""Error messages of the files service, in Hindi and English (added to the shared vocabulary)."""

from chalicelib.core import i18n

i18n.MESSAGES.update({
    "FILE_NOT_FOUND": ("फ़ाइल {file_no} नहीं मिली।", "File {file_no} not found."),
    "FILE_NOT_WITH_YOU": ("फ़ाइल {file_no} अभी आपके पास नहीं है।", "File {file_no} is not with you."),
    "FILE_ACTION_NOT_IN_STATE": ("'{action}' स्थिति {status} में नहीं किया जा सकता।",
                                 "'{action}' cannot be done while the file is {status}."),
    "FILE_NO_SENDER": ("फ़ाइल किसी से प्राप्त नहीं हुई; लौटाई नहीं जा सकती।",
                       "The file was not received from anyone; it cannot be returned."),
    "FILE_MOVE_TO_SELF": ("फ़ाइल स्वयं को नहीं भेजी जा सकती।", "A file cannot be moved to yourself."),
    "FILE_RECIPIENT_INVALID": ("{username} मुख्यालय का सक्रिय अधिकारी नहीं है।",
                               "{username} is not an active officer at HQ."),
    "UNKNOWN_SECTION": ("अज्ञात अनुभाग: {section}", "Unknown section: {section}"),
})
