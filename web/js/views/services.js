// Guaranteed public services (Lok Sewa): the notified list, searchable, with a line about each, and
// applying online with the service's own questions and documents. A citizen sees the services
// people apply for; a society's login sees those the society applies for itself.
import { h, field, select, formData } from "../dom.js";
import { t, local, when, number } from "../i18n.js";
import { api, newKey, ApiError } from "../api.js";
import * as session from "../session.js";
import { districts } from "../masters.js";
import { onSubmit, page } from "./common.js";
import { collect, documentInputs, plain, limitText, questions, servicePicker, societyPicker } from "./forms.js";

export { limitText };
export const title = () => "svc.title";

function about(service) {
  return h("p", { class: "notice" }, t("svc.about", { limit: limitText(service), fee: number(Number(service.fee)) }));
}

export function offered(catalogue, who) {
  if (who && who.role === "society") return catalogue.filter((s) => s.applicant === "society");
  return catalogue.filter((s) => s.applicant !== "society");
}

export async function render(_params, query) {
  const all = await api("/lokseva/services");
  const who = session.current();
  const catalogue = offered(all, who);
  const detail = h("div", { class: "stack" });
  const canApply = session.isCitizen(who) || (who && who.role === "society");
  const places = canApply ? await districts() : [];
  const holder = h("div");
  let key = newKey();
  let chosen = null;
  const picker = servicePicker(catalogue, (service) => { chosen = service; show(service); });

  function show(service) {
    if (!canApply) {
      detail.replaceChildren(about(service), h("p", {}, h("a", { class: "button", href: "#/signin?next=/services" }, t("svc.sign_in"))));
      return;
    }
    const isSociety = who.role === "society";
    detail.replaceChildren(...[h("h2", { tabindex: "-1" }, local(service)), about(service),
      service.asks_society && !isSociety ? societyPicker() : null,
      service.asks_society || isSociety ? null : field(t("file.district"), select("district", [["", t("file.choose")],
        ...places.map((d) => [d.code, local(d)]).sort((a, b) => a[1].localeCompare(b[1]))], "", { required: true })),
      field(t(isSociety ? "form.contact_name" : "svc.name"), h("input", { name: "applicant_name", required: true,
        maxlength: 120, autocomplete: "name" })),
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
      filed = await api("/lokseva/applications", { method: "POST", idempotencyKey: key, body: {
        service: chosen.code, district: data.district || undefined, applicant_name: data.applicant_name,
        purpose: data.purpose || undefined, ...carried } });
    } catch (error) {
      if (error instanceof ApiError) key = newKey();
      throw plain(error);
    }
    holder.replaceChildren(acknowledgement(filed));
    holder.querySelector("h2").focus();
  });
  holder.append(form);
  if (query.service) {
    const radio = form.querySelector(`input[name=service][value="${CSS.escape(query.service)}"]`);
    if (radio) { radio.checked = true; radio.dispatchEvent(new Event("change")); }
  }
  const lead = who && who.role === "society" ? t("form.society_lead") : t("svc.lead");
  return page("svc.title", h("p", {}, lead), holder);
}

export function acknowledgement(filed) {
  return h("div", { class: "panel success", role: "status" },
    h("h2", { tabindex: "-1" }, t("svc.done")),
    h("p", {}, t("svc.ack_is")), h("p", { class: "urn", id: "ack" }, filed.ack),
    h("p", {}, t("svc.guaranteed", { date: when(filed.guaranteed_date, false) })),
    h("a", { class: "button", href: `#/applications/${filed.ack}` }, t("svc.open")));
}
