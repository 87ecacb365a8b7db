// Citizen sign-in: mobile number, then the OTP that comes by SMS.
import { h, field, formData, notice } from "../dom.js";
import { t, lang } from "../i18n.js";
import { api } from "../api.js";
import * as session from "../session.js";
import { go } from "../router.js";
import { onSubmit, page } from "./common.js";
import { phonePanel } from "../phone.js";

export const title = () => "signin.title";

export function render(_params, query) {
  const body = h("div");
  const mobile = h("input", { name: "mobile", type: "tel", inputmode: "numeric", autocomplete: "tel-national",
    required: true, pattern: "[6-9][0-9]{9}", maxlength: 10 });
  const askOtp = onSubmit(h("form", {}, field(t("signin.mobile"), mobile, t("signin.mobile_hint")),
    h("button", { type: "submit" }, t("signin.send"))), async () => {
    const { mobile: number } = formData(askOtp);
    const since = new Date().toISOString();
    await api("/auth/otp", { method: "POST", body: { mobile: number, lang: lang() } });
    body.replaceChildren(otpForm(number, query.next), phonePanel(number, since) || "");
    body.querySelector("input").focus();
  });
  body.append(askOtp);
  return page("signin.title", h("p", {}, t("signin.lead")), body);
}

function otpForm(mobile, next) {
  const otp = h("input", { name: "otp", inputmode: "numeric", autocomplete: "one-time-code", required: true,
    pattern: "[0-9]{6}", maxlength: 6 });
  const form = h("form", {}, notice(t("signin.sent", { mobile: `XXXXXX${mobile.slice(-4)}` })),
    field(t("signin.otp"), otp), h("button", { type: "submit" }, t("signin.verify")));
  return onSubmit(form, async () => {
    const result = await api("/auth/otp/verify", { method: "POST", body: { mobile, otp: otp.value.trim() } });
    session.save(result, `XXXXXX${mobile.slice(-4)}`);
    go(next || "/grievances");
  });
}
