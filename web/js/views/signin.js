// Citizen sign-in: mobile number, then the OTP that comes by SMS. The OTP step shows when a new
// OTP may be asked for (a countdown from the server's interval), lets the number be changed, and
// says how many tries are left after a wrong OTP.
import { h, field, formData, notice } from "../dom.js";
import { t, lang } from "../i18n.js";
import { api, ApiError } from "../api.js";
import * as session from "../session.js";
import { go } from "../router.js";
import { onSubmit, page } from "./common.js";
import { phonePanel } from "../phone.js";

export const title = () => "signin.title";

export function render(_params, query) {
  const body = h("div");
  const ask = () => {
    const mobile = h("input", { name: "mobile", type: "tel", inputmode: "numeric", autocomplete: "tel-national",
      required: true, pattern: "[6-9][0-9]{9}", maxlength: 10 });
    const form = onSubmit(h("form", {}, field(t("signin.mobile"), mobile, t("signin.mobile_hint")),
      h("button", { type: "submit" }, t("signin.send"))), async () => {
      const { mobile: number } = formData(form);
      const since = new Date().toISOString();
      const sent = await api("/auth/otp", { method: "POST", body: { mobile: number, lang: lang() } });
      body.replaceChildren(otpForm(number, sent, query.next, ask), phonePanel(number, since) || "");
      body.querySelector("input[name=otp]").focus();
    });
    body.replaceChildren(form);
    mobile.focus();
  };
  ask();
  return page("signin.title", h("p", {}, t("signin.lead")), body);
}

function otpForm(mobile, sent, next, changeNumber) {
  const masked = `XXXXXX${mobile.slice(-4)}`;
  const otp = h("input", { name: "otp", inputmode: "numeric", autocomplete: "one-time-code", required: true,
    pattern: "[0-9]{6}", maxlength: 6 });
  const tries = h("p", { class: "muted", id: "otp-tries", "aria-live": "polite" },
    sent.attempts ? t("signin.tries", { n: sent.attempts }) : "");
  const resend = h("button", { type: "button", class: "link", id: "otp-resend", disabled: true });
  let timer;
  const countdown = (seconds) => {
    clearInterval(timer);
    let left = Math.max(0, Math.ceil(seconds));
    const tick = () => {
      if (!resend.isConnected && left < seconds) { clearInterval(timer); return; }
      resend.disabled = left > 0;
      resend.textContent = left > 0 ? t("signin.resend_in", { s: left }) : t("signin.resend");
      if (left-- <= 0) clearInterval(timer);
    };
    tick();
    timer = setInterval(tick, 1000);
  };
  const status = h("div", { "aria-live": "polite" });
  resend.addEventListener("click", async () => {
    resend.disabled = true;
    try {
      const again = await api("/auth/otp", { method: "POST", body: { mobile, lang: lang() } });
      status.replaceChildren(notice(t("signin.resent", { mobile: masked })));
      if (again.attempts) tries.textContent = t("signin.tries", { n: again.attempts });
      countdown(again.resend_after || 60);
    } catch (error) {
      if (error instanceof ApiError && error.retryAfter) countdown(error.retryAfter);
      status.replaceChildren(notice(error.message, "error"));
    }
  });
  const change = h("button", { type: "button", class: "link", id: "otp-change",
    onclick: () => { clearInterval(timer); changeNumber(); } }, t("signin.change"));
  const form = h("form", {}, notice(t("signin.sent", { mobile: masked })), status,
    field(t("signin.otp"), otp), tries, h("button", { type: "submit" }, t("signin.verify")),
    h("p", { class: "otp-actions" }, resend, " · ", change));
  countdown(sent.resend_after || 60);
  return onSubmit(form, async () => {
    try {
      const result = await api("/auth/otp/verify", { method: "POST", body: { mobile, otp: otp.value.trim() } });
      clearInterval(timer);
      session.save(result, masked);
      go(next || "/grievances");
    } catch (error) {
      if (error instanceof ApiError && error.attemptsLeft !== undefined) {
        tries.textContent = error.attemptsLeft > 0 ? t("signin.tries_left", { n: error.attemptsLeft })
          : t("signin.no_tries");
        otp.select();
      }
      throw error;
    }
  });
}
