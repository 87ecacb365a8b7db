// The PACS counter, where an operator lands after signing in: the PACS is the one the account is
// bound to (never typed), the service's questions and documents as online, the fee checked against
// the catalogue (another amount needs a reason), and a printable fee receipt.
import { h, field, formData } from "../dom.js";
import { t, local, number } from "../i18n.js";
import { api, newKey, ApiError } from "../api.js";
import * as session from "../session.js";
import { go } from "../router.js";
import { downloadButton, facts, notice, onSubmit, page } from "./common.js";
import { acknowledgement, offered } from "./services.js";
import { collect, documentInputs, plain, questions, servicePicker, societyPicker } from "./forms.js";

export const title = () => "counter.title";

export async function render() {
  const who = session.current();
  if (!who || who.role !== "pacs_operator") {
    go(who ? "/" : "/staff");
    return h("p", {}, t("signin.needed"));
  }
  let centre;
  try {
    centre = await api("/lokseva/counter");
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return page("counter.title", notice(error.message, "error"));
    throw error;
  }
  return page("counter.title",
    facts([[t("counter.centre"), `${local(centre) || centre.name} (${centre.reg_no})`]]),
    await counterApplication(centre),
    h("p", {}, h("a", { href: "#/interest" }, t("counter.interest"))));
}

async function counterApplication(centre) {
  const catalogue = offered(await api("/lokseva/services"), null);
  const detail = h("div", { class: "stack" });
  const holder = h("div");
  let chosen = null;
  let key = newKey();
  const picker = servicePicker(catalogue, (service) => { chosen = service; show(service); });

  function show(service) {
    const fee = h("input", { name: "fee_taken", required: true, inputmode: "decimal", value: service.fee, autocomplete: "off" });
    const reason = field(t("counter.fee_reason"), h("input", { name: "fee_reason", maxlength: 300 }), t("counter.fee_reason_hint"));
    reason.hidden = true;
    fee.addEventListener("input", () => { reason.hidden = Number(fee.value) === Number(service.fee); });
    detail.replaceChildren(...[h("h2", { tabindex: "-1" }, local(service)),
      service.asks_society ? societyPicker(t("counter.society_hint")) : null,
      field(t("svc.name"), h("input", { name: "applicant_name", required: true, maxlength: 120 })),
      field(t("signin.mobile"), h("input", { name: "mobile", type: "tel", inputmode: "numeric", required: true,
        maxlength: 10 }), t("counter.mobile_hint")),
      field(t("counter.fee"), fee, t("counter.fee_hint", { fee: number(Number(service.fee)) })), reason,
      field(t("svc.purpose"), h("input", { name: "purpose", maxlength: 500 })),
      questions(service), documentInputs(service),
      h("button", { type: "submit" }, t("svc.apply"))].filter(Boolean));   // DOM would write "null"
  }

  const form = onSubmit(h("form", { class: "stack", novalidate: true }, picker, detail), async () => {
    if (!chosen) throw new ApiError(422, { error: { code: "PICK", message: t("form.pick_service") } });
    const data = formData(form);
    const carried = await collect(form, chosen);
    let filed;
    try {
      filed = await api(`/lokseva/centres/${encodeURIComponent(centre.reg_no)}/applications`, {
        method: "POST", idempotencyKey: key, body: { service: chosen.code, applicant_name: data.applicant_name,
          mobile: data.mobile, fee_taken: data.fee_taken, fee_reason: data.fee_reason || undefined,
          purpose: data.purpose || undefined, ...carried } });
    } catch (error) {
      if (error instanceof ApiError) key = newKey();
      throw plain(error);
    }
    holder.replaceChildren(acknowledgement(filed),
      h("p", { id: "receipt" }, downloadButton(t("counter.receipt"), async () => ({
        ...(await api(`/lokseva/applications/${filed.ack}/receipt`)), name: `receipt-${filed.ack}.pdf` }))),
      h("button", { type: "button", class: "secondary", onclick: () => window.dispatchEvent(new Event("hashchange")) },
        t("counter.next")));
    holder.querySelector("h2").focus();
  });
  holder.append(form);
  return h("section", { class: "panel" }, h("h2", {}, t("counter.apply")), holder);
}
