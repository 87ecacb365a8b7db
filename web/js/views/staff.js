// Staff sign-in: username and password, then the OTP sent to the registered mobile.
import { h, field, formData, notice } from "../dom.js";
import { t } from "../i18n.js";
import { api } from "../api.js";
import * as session from "../session.js";
import { go } from "../router.js";
import { onSubmit, page } from "./common.js";
import { phonePanel } from "../phone.js";

export const title = () => "staff.title";

export function render() {
  const body = h("div");
  const form = onSubmit(h("form", {},
    field(t("staff.username"), h("input", { name: "username", autocomplete: "username", required: true })),
    field(t("staff.password"), h("input", { name: "password", type: "password", autocomplete: "current-password",
      required: true })),
    h("button", { type: "submit" }, t("staff.next"))), async () => {
    const { username, password } = formData(form);
    const since = new Date().toISOString();
    const challenge = await api("/auth/login", { method: "POST", body: { username, password } });
    body.replaceChildren(otpForm(challenge, username), phonePanel(challenge.sent_to || "", since) || "");
    body.querySelector("input").focus();
  });
  body.append(form);
  return page("staff.title", body);
}

function otpForm(challenge, username) {
  const otp = h("input", { name: "otp", inputmode: "numeric", autocomplete: "one-time-code", required: true,
    pattern: "[0-9]{6}", maxlength: 6 });
  const form = h("form", {}, notice(t("staff.sent", { mobile: challenge.sent_to || "" })),
    field(t("signin.otp"), otp), h("button", { type: "submit" }, t("signin.verify")));
  return onSubmit(form, async () => {
    const result = await api("/auth/login/verify", { method: "POST",
      body: { challenge_id: challenge.challenge_id, otp: otp.value.trim() } });
    session.save(result, username);
    go(result.role === "pacs_operator" ? "/counter" : "/inbox");   // an operator lands on the counter
  });
}
