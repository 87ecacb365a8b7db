"""Hindi and English for every message a citizen sees; Hindi is the default."""

from __future__ import annotations

LANGS = ("hi", "en")
DEFAULT_LANG = "hi"

# code -> (Hindi, English). Placeholders are str.format fields.
MESSAGES: dict[str, tuple[str, str]] = {
    "INTERNAL": ("आंतरिक त्रुटि। कृपया बाद में पुनः प्रयास करें।", "Internal error. Please try again later."),
    "NOT_FOUND": ("यह पता उपलब्ध नहीं है।", "No such resource."),
    "METHOD_NOT_ALLOWED": ("यह विधि इस पते पर अनुमत नहीं है।", "Method not allowed on this resource."),
    "VALIDATION_FAILED": ("अनुरोध में त्रुटि है: {fields}", "The request has errors: {fields}"),
    "BAD_JSON": ("अनुरोध का JSON पढ़ा नहीं जा सका।", "The request body is not valid JSON."),
    "BODY_TOO_DEEP": ("अनुरोध बहुत गहरा नेस्टेड है (अधिकतम {limit} स्तर)।", "The request body is nested too deeply (at most {limit} levels)."),
    "BODY_TOO_LARGE": ("अनुरोध बहुत बड़ा है (अधिकतम {limit} बाइट)।", "The request body is too large (at most {limit} bytes)."),
    "UNSUPPORTED_MEDIA_TYPE": ("केवल application/json स्वीकार्य है।", "Only application/json is accepted."),
    "UNAUTHENTICATED": ("कृपया पहले लॉगिन करें।", "Please sign in first."),
    "TOKEN_INVALID": ("सत्र अमान्य या समाप्त है, फिर से लॉगिन करें।", "The session is invalid or has expired; sign in again."),
    "FORBIDDEN_ROLE": ("आपकी भूमिका ({role}) को यह कार्य करने की अनुमति नहीं है।", "Your role ({role}) may not do this."),
    "FORBIDDEN_JURISDICTION": ("यह आपके क्षेत्राधिकार ({jurisdiction}) से बाहर है।", "This is outside your jurisdiction ({jurisdiction})."),
    "TRY_AGAIN": ("सेवा अभी व्यस्त है; कुछ भी सहेजा नहीं गया। {retry_after} सेकंड बाद पुनः प्रयास करें।", "The service is busy right now; nothing was saved. Try again in {retry_after} seconds."),
    "RATE_LIMITED": ("बहुत अधिक अनुरोध। {retry_after} सेकंड बाद पुनः प्रयास करें।", "Too many requests. Try again in {retry_after} seconds."),
    "IDEMPOTENCY_IN_PROGRESS": ("यही अनुरोध अभी संसाधित हो रहा है।", "The same request is still being processed."),
    "IDEMPOTENCY_KEY_REUSED": ("यह Idempotency-Key किसी अन्य अनुरोध के लिए प्रयुक्त हो चुकी है।", "This Idempotency-Key was used for a different request."),
    "VERSION_CONFLICT": ("रिकॉर्ड किसी और ने बदल दिया है; नवीनतम संस्करण पढ़कर पुनः प्रयास करें।", "The record was changed by someone else; reload it and try again."),
    "BAD_CURSOR": ("पृष्ठ संकेतक (next) अमान्य है।", "The page cursor (next) is invalid."),
    # identity
    "OTP_INVALID": ("ओटीपी गलत या समाप्त है।", "The OTP is wrong or has expired."),
    "OTP_LOCKED": ("बहुत अधिक गलत प्रयास; नया ओटीपी मंगाएँ।", "Too many wrong tries; request a new OTP."),
    "LOGIN_FAILED": ("उपयोगकर्ता नाम या पासवर्ड गलत है, या बार-बार गलत प्रयासों से लॉगिन रुका है; ओटीपी से पासवर्ड रीसेट करें।", "Wrong username or password, or sign-in is paused after repeated failures; reset your password with an OTP."),
    "USER_NOT_FOUND": ("उपयोगकर्ता {username} नहीं मिला।", "User {username} not found."),
    "USER_EXISTS": ("उपयोगकर्ता {username} पहले से है।", "User {username} already exists."),
    "CHALLENGE_INVALID": ("सत्यापन अनुरोध अमान्य या समाप्त है।", "The sign-in challenge is invalid or has expired."),
    "JURISDICTION_INVALID": ("क्षेत्राधिकार अमान्य है: {reason}", "Invalid jurisdiction: {reason}"),
    # documents (core.documents)
    "DOCUMENT_NOT_FOUND": ("दस्तावेज़ {document_id} नहीं मिला।", "Document {document_id} not found."),
    "DOCUMENT_NOT_YOURS": ("यह दस्तावेज़ आपके द्वारा घोषित नहीं है।", "This document was not declared by you."),
    "DOCUMENT_NOT_PENDING": ("दस्तावेज़ {document_id} की स्थिति {status} है; नया अपलोड घोषित करें।", "Document {document_id} is {status}; declare a new upload."),
    "DOCUMENT_NOT_READY": ("दस्तावेज़ {document_id} अभी जाँचा नहीं गया है ({status})।", "Document {document_id} has not been checked yet ({status})."),
    "DOCUMENT_CHANGED": ("दस्तावेज़ किसी और ने बदल दिया है; पुनः प्रयास करें।", "The document was changed meanwhile; try again."),
    "DOCUMENT_NOT_UPLOADED": ("इस दस्तावेज़ की फ़ाइल अपलोड नहीं हुई है।", "No file has been uploaded for this document."),
    "DOCUMENT_TOO_LARGE": ("फ़ाइल बहुत बड़ी है; अधिकतम {limit} बाइट।", "The file is too large; at most {limit} bytes."),
    "DOCUMENT_SIZE_MISMATCH": ("अपलोड की गई फ़ाइल का आकार घोषित आकार से भिन्न है।", "The uploaded file's size differs from the size declared."),
    "DOCUMENT_TYPE_NOT_ALLOWED": ("यह फ़ाइल प्रकार स्वीकार्य नहीं है; केवल {types}।", "This file type is not accepted; only {types}."),
    "DOCUMENT_CONTENT_NOT_ALLOWED": ("फ़ाइल की सामग्री PDF, JPEG या PNG नहीं है, या घोषित प्रकार से भिन्न है।", "The file's content is not an accepted type, or differs from the type declared."),
    "DOCUMENT_CHECKSUM_MISMATCH": ("अपलोड की गई फ़ाइल घोषित SHA-256 से मेल नहीं खाती।", "The uploaded file does not match the declared SHA-256."),
    # filings
    "FILING_NOT_YOURS": ("संस्था {reg_no} के विवरण केवल वही संस्था या क्षेत्र के अधिकारी देख/दाखिल कर सकते हैं।", "Only society {reg_no} itself or officers of its jurisdiction may do this."),
    "DOCUMENT_NOT_PUBLIC": ("यह दस्तावेज़ अभी किसी विवरणी के साथ दाखिल नहीं हुआ है।", "This document has not been filed with a return yet."),
    "DOCUMENT_ALREADY_FILED": ("दस्तावेज़ {document_id} किसी अन्य विवरणी के साथ दाखिल है।", "Document {document_id} is filed with another return."),
    "FINANCIAL_YEAR_INVALID": ("वित्तीय वर्ष अमान्य है ({financial_year}); जैसे 2025-26।", "Invalid financial year ({financial_year}); e.g. 2025-26."),
    "FINANCIAL_YEAR_OPEN": ("वित्तीय वर्ष {financial_year} अभी समाप्त नहीं हुआ है।", "Financial year {financial_year} has not closed yet."),
    "RETURN_TYPE_UNKNOWN": ("अज्ञात विवरणी प्रकार: {return_type}", "Unknown return type: {return_type}"),
    "RETURN_NOT_FOUND": ("संस्था {reg_no} की वर्ष {financial_year} की {return_type} विवरणी नहीं मिली।", "No {return_type} return of society {reg_no} for {financial_year}."),
    "RETURN_ALREADY_FILED": ("यह विवरणी पहले ही दाखिल है ({status}); लौटाई जाने पर ही पुनः दाखिल करें।", "This return is already filed ({status}); file again only if it is returned."),
    "RETURN_NOT_IN_STATE": ("'{action}' स्थिति {status} में नहीं किया जा सकता।", "'{action}' cannot be done while the return is {status}."),
    # societies
    "SOCIETY_NOT_FOUND": ("संस्था {reg_no} नहीं मिली।", "Society {reg_no} not found."),
    "SOCIETY_EXISTS": ("संस्था {reg_no} पहले से पंजीकृत है।", "Society {reg_no} already exists."),
    "UNKNOWN_DISTRICT": ("अज्ञात ज़िला: {district}", "Unknown district: {district}"),
    "UNKNOWN_DIVISION": ("अज्ञात संभाग: {division}", "Unknown division: {division}"),
    "UNKNOWN_SOCIETY_TYPE": ("अज्ञात संस्था प्रकार: {type}", "Unknown society type: {type}"),
    "SEARCH_DISTRICT_NEEDED": ("अपने क्षेत्राधिकार का एक ज़िला चुनकर खोजें।", "Choose one district of your jurisdiction to search in."),
    "QUERY_TOO_SHORT": ("खोज के लिए कम से कम 2 अक्षर लिखें।", "Type at least 2 letters to search."),
    # grievances
    "GRIEVANCE_NOT_FOUND": ("शिकायत क्रमांक {urn} नहीं मिला।", "Grievance {urn} not found."),
    "URN_INVALID": ("शिकायत क्रमांक 10 अंकों का होता है; कृपया क्रमांक जाँचें।", "A grievance number has 10 digits; please check the number."),
    "GRIEVANCE_NOT_YOURS": ("यह शिकायत आपकी नहीं है।", "This grievance is not yours."),
    "GRIEVANCE_NOT_ASSIGNED": ("यह शिकायत अभी आपके पास नहीं है (स्तर {level})।", "This grievance is not with you (it is at level {level})."),
    "ACTION_NOT_AT_LEVEL": ("'{action}' स्तर {level} पर नहीं किया जा सकता; केवल {levels} पर।", "'{action}' cannot be done at level {level}; only at {levels}."),
    "ACTION_NOT_APPLICABLE": ("'{action}' इस शिकायत पर लागू नहीं है।", "'{action}' does not apply to this grievance."),
    "ACTION_NOT_IN_STATE": ("'{action}' स्थिति {status} में नहीं किया जा सकता।", "'{action}' cannot be done while the grievance is {status}."),
    "TRANSFER_LIMIT": ("शिकायत पहले ही {limit} बार अंतरित हो चुकी है।", "The grievance has already been transferred {limit} times."),
    "FORCE_CLOSE_TOO_EARLY": ("नागरिक को सूचना देने के {days} दिन बाद ही बलपूर्वक बंद किया जा सकता है।", "A force close needs the citizen told first and {days} days passed."),
    "INTERIM_REPLY_REQUIRED": ("{days} दिन की समय-सीमा निकल चुकी है; पहले अंतरिम उत्तर दें।", "The {days}-day target has passed; send an interim reply first."),
    "REJECT_NEEDS_TRANSFER": ("अन्य कार्यालय की शिकायत अंतरित की जाती है, अस्वीकार नहीं।", "A grievance for another office is transferred, not rejected."),
    "REMINDER_NOT_ALLOWED": ("स्थिति {status} में स्मरण-पत्र नहीं भेजा जा सकता।", "A reminder cannot be sent while the grievance is {status}."),
    "REMINDER_TOO_SOON": ("दिन में एक ही स्मरण-पत्र; {retry_after} सेकंड बाद प्रयास करें।", "One reminder a day; try again in {retry_after} seconds."),
    "FEEDBACK_NOT_ALLOWED": ("स्थिति {status} में प्रतिक्रिया नहीं दी जा सकती।", "Feedback cannot be given while the grievance is {status}."),
    "FEEDBACK_WINDOW_PASSED": ("निराकरण के {days} दिन बीत चुके हैं; प्रतिक्रिया का समय समाप्त।", "More than {days} days since disposal; the time for feedback has passed."),
    "GRIEVANCE_DAILY_LIMIT": ("इस मोबाइल से आज {limit} शिकायतें दर्ज हो चुकी हैं; कल प्रयास करें।", "{limit} grievances have been filed from this mobile today; try tomorrow."),
    "UNKNOWN_CATEGORY": ("अज्ञात शिकायत श्रेणी: {category}", "Unknown grievance category: {category}"),
    "UNKNOWN_OFFICE": ("अज्ञात कार्यालय: {office}", "Unknown office: {office}"),
    "CONFIG_EXISTS": ("{key} पहले से है; बदलने के लिए version दें।", "{key} exists already; give its version to change it."),
    "CONFIG_NOT_FOUND": ("{key} नहीं मिला।", "{key} not found."),
    "CPGRAMS_ALREADY_IMPORTED": ("CPGRAMS पंजीयन {reg_no} पहले ही आयात हो चुका है।", "CPGRAMS registration {reg_no} was imported already."),
    "API_KEY_INVALID": ("API कुंजी अमान्य है।", "The API key is not valid."),
    "API_KEY_NOT_FOUND": ("API कुंजी {key_id} नहीं मिली।", "API key {key_id} not found."),
    "INSTRUCTION_NOT_FOUND": ("निर्देश {instruction_id} नहीं मिला।", "Instruction {instruction_id} not found."),
    "INSTRUCTION_NOT_IN_STATE": ("'{action}' स्थिति {status} में नहीं किया जा सकता।", "'{action}' cannot be done while the instruction is {status}."),
    "SERVICE_NOT_FOUND": ("सेवा {service_code} नहीं मिली।", "Service {service_code} not found."),
    "DOCUMENT_ALREADY_ATTACHED": ("दस्तावेज़ {document_id} किसी अन्य शिकायत के साथ जुड़ा है।", "Document {document_id} is attached to another grievance."),
    # servicebook
    "EMPLOYEE_NOT_FOUND": ("कर्मचारी {employee_id} की सेवा पुस्तिका नहीं मिली।", "No service book for employee {employee_id}."),
    "EMPLOYEE_EXISTS": ("कर्मचारी {employee_id} या उसका लॉगिन पहले से है।", "Employee {employee_id} or their login exists already."),
    "SERVICEBOOK_NOT_YOURS": ("यह सेवा पुस्तिका आपकी नहीं है।", "This service book is not yours."),
    "LEAVE_NOT_FOUND": ("अवकाश आवेदन {leave_id} नहीं मिला।", "Leave application {leave_id} not found."),
    "LEAVE_OWN_SANCTION": ("अपना अवकाश स्वयं स्वीकृत नहीं किया जा सकता।", "You cannot decide your own leave."),
    "LEAVE_NOT_CONTROLLED": ("आप इस कर्मचारी के नियंत्रक अधिकारी नहीं हैं।", "You are not this employee's controlling officer."),
    "LEAVE_ALREADY_DECIDED": ("इस आवेदन पर निर्णय हो चुका है ({status})।", "This application has been decided already ({status})."),
    "LEAVE_OVERLAPS": ("इन तिथियों में अवकाश आवेदन {leave_id} ({from_date} से {to_date}) पहले से है।", "Leave application {leave_id} ({from_date} to {to_date}) already covers these dates."),
    "LEAVE_BALANCE_SHORT": ("{days} दिन माँगे, {kind} के केवल {balance} दिन शेष हैं।", "{days} days asked, only {balance} days of {kind} leave left."),
    "UNKNOWN_LEAVE_KIND": ("अज्ञात अवकाश प्रकार: {kind}", "Unknown leave kind: {kind}"),
    "ENTRY_NOT_FOUND": ("सेवा पुस्तिका में प्रविष्टि {seq} नहीं है।", "The service book has no entry {seq}."),
    "CONTROLLING_OFFICER_UNKNOWN": ("नियंत्रक अधिकारी {username} का सक्रिय खाता नहीं मिला।", "No active account for controlling officer {username}."),
    "CONTROLLING_OFFICER_SELF": ("कर्मचारी स्वयं अपना नियंत्रक अधिकारी नहीं हो सकता।", "An employee cannot be their own controlling officer."),
    "CONTROLLING_OFFICER_NOT_OFFICER": ("{username} अधिकारी नहीं है ({role}); नियंत्रक अधिकारी केवल अधिकारी हो सकता है।", "{username} is not an officer ({role}); only an officer may be the controlling officer."),
    "CONTROLLING_OFFICER_OUTSIDE_OFFICE": ("{username} कार्यालय {office} या उसके ऊपर के कार्यालय के अधिकारी नहीं हैं।", "{username} is not an officer of the office {office} or an office above it."),
    "SETTINGS_EXIST": ("सेटिंग्स पहले से हैं; बदलने के लिए version दें।", "The settings exist already; give their version to change them."),
    "LOCKER_PRIVATE": ("ई-संकलन के दस्तावेज़ केवल कर्मचारी और उसकी स्थापना शाखा देख सकती है।", "e-Sankalan documents are seen only by the employee and their establishment section."),
    "UNKNOWN_DOCUMENT_CATEGORY": ("अज्ञात दस्तावेज़ श्रेणी: {category}", "Unknown document category: {category}"),
    # reports
    "NOT_A_PACS": ("संस्था {reg_no} पैक्स नहीं है।", "Society {reg_no} is not a PACS."),
    # registrations
    "REGISTRATION_NOT_FOUND": ("पंजीयन आवेदन {reg_id} नहीं मिला।", "Registration application {reg_id} not found."),
    "REGISTRATION_NOT_YOURS": ("यह आवेदन आपका नहीं है।", "This application is not yours."),
    "REGISTRATION_NOT_EDITABLE": ("आवेदन स्थिति {stage} में बदला नहीं जा सकता।", "The application cannot be changed while it is {stage}."),
    "REGISTRATION_WRONG_STAGE": ("'{action}' स्थिति {stage} में नहीं हो सकता (आवश्यक: {expected})।", "'{action}' cannot be done while the application is {stage} (it needs {expected})."),
    "REGISTRATION_APPELLATE_ONLY": ("अपील का निर्णय केवल संभागीय संयुक्त पंजीयक या मुख्यालय करता है।", "Only the divisional Joint Registrar or HQ decides an appeal."),
    "REGISTRATION_INCOMPLETE": ("जमा करने से पहले ये भरें: {fields}", "Fill these before submitting: {fields}"),
    "REGISTRATION_TOO_FEW_PROMOTERS": ("कम से कम {minimum} प्रवर्तक (अलग-अलग परिवारों से) आवश्यक; दिए गए {given}।", "At least {minimum} promoters (from different families) are needed; {given} given."),
    "REGISTRATION_SAME_FAMILY": ("प्रवर्तक {second} और {first} एक ही परिवार के हैं; प्रति परिवार एक प्रवर्तक।", "Promoters {first} and {second} are of the same family; one promoter per family."),
    "REGISTRATION_CAPITAL_MISMATCH": ("अंश पूंजी प्रवर्तकों के अंशों के योग ({total}) के बराबर हो।", "Share capital must equal the promoters' shares ({total})."),
    "REGISTRATION_WORKFLOW_PENDING": ("कार्यप्रवाह अभी चरण {stage} पर नहीं पहुँचा; कुछ क्षण बाद पुनः प्रयास करें।", "The workflow has not reached stage {stage} yet; try again in a moment."),
    "REGISTRATION_ACTION_IN_PROGRESS": ("इस चरण ({stage}) पर दूसरा कार्य चल रहा है।", "Another action on this stage ({stage}) is in progress."),
    "REGISTRATION_APPEAL_LAPSED": ("अपील की अवधि {appeal_by} को समाप्त हो गई।", "The appeal window closed on {appeal_by}."),
    "REGISTRATION_NOT_SUBMITTED": ("आवेदन अभी जमा नहीं हुआ (स्थिति {stage})।", "The application has not been submitted (it is {stage})."),
    "REGISTRATION_NO_CERTIFICATE": ("प्रमाणपत्र नहीं है: आवेदन स्थिति {stage} में है।", "There is no certificate: the application is {stage}."),
    "REGISTRATION_DOCUMENTS_MISSING": ("पहले ये दस्तावेज़ अपलोड करें: {kinds}", "Upload these documents first: {kinds}"),
    "WORKFLOW_TASK_GONE": ("यह चरण पहले ही पूरा हो चुका है।", "This step has been completed already."),
    "NOTIFICATION_NOT_FOUND": ("यह संदेश आपके संदेशों में नहीं है।", "This message is not among your messages."),
}


def pick_language(accept_language: str | None) -> str:
    """First supported language in the Accept-Language header, else Hindi."""
    if not accept_language:
        return DEFAULT_LANG
    ranked = []
    for index, part in enumerate(accept_language.split(",")):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower().split("-")[0]
        quality = 1.0
        for param in pieces[1:]:
            if param.strip().startswith("q="):
                try:
                    quality = float(param.strip()[2:])
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, index, tag))
    for _, _, tag in sorted(ranked):
        if tag in LANGS:
            return tag
    return DEFAULT_LANG


def translate(code: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    hindi, english = MESSAGES.get(code, MESSAGES["INTERNAL"])
    template = english if lang == "en" else hindi
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def both(code: str, **params: object) -> dict[str, str]:
    return {lang: translate(code, lang, **params) for lang in LANGS}
