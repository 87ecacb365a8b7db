// The local stack's phone (stack/phone.py): the latest SMS to the number being signed in, beside
// the OTP box, as the phone would show it. Only when /config.js names a phone (`make run`, the
// local stage); in any other stack it renders nothing.
import config from "../config.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";

const EVERY_MS = 700;            // an SMS shows within a second of being sent
const FOR_MS = 10 * 60 * 1000;   // an OTP's life and then some

export const hasPhone = () => Boolean(config.phone);

// `to`: the mobile, or the masked one the API returns (XXXXXX1234); `since`: an ISO time taken
// before the request that sends the SMS, so an older SMS to the same number is not shown.
export function phonePanel(to, since) {
  if (!config.phone) return null;
  const text = h("p", { class: "phone-text" }, t("phone.waiting"));
  const when = h("small", { class: "hint" });
  const panel = h("aside", { class: "phone", "aria-live": "polite", "aria-label": t("phone.label") },
    h("strong", {}, t("phone.title", { to })), text, when, h("small", { class: "hint" }, t("phone.note")));
  const started = Date.now();
  let shown = "";
  let attached = false;
  async function poll() {
    if (panel.isConnected) attached = true;
    else if (attached) return;                   // the page moved on
    try {
      const url = `${config.phone}?to=${encodeURIComponent(to)}&since=${encodeURIComponent(since)}`;
      const response = await fetch(url);
      const { messages } = await response.json();
      const last = messages[messages.length - 1];
      if (last && last.at + last.text !== shown) {
        shown = last.at + last.text;
        text.textContent = last.text;
        when.textContent = t("phone.at", { to: last.to, at: new Date(last.at).toLocaleTimeString() });
      }
    } catch (_error) {
      // the local stack stopped: keep what is shown
    }
    if (Date.now() - started < FOR_MS) setTimeout(poll, EVERY_MS);
  }
  poll();
  return panel;
}
