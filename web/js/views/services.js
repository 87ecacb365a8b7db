// Guaranteed public services (Lok Sewa): the notified list with time limits and fees, and applying online.
import { h, field, select, formData } from "../dom.js";
import { t, local, when, number } from "../i18n.js";
import { api, newKey, ApiError } from "../api.js";
import * as session from "../session.js";
import { districts } from "../masters.js";
import { onSubmit, page } from "./common.js";

export const title = () => "svc.title";

export function limitText(service) {
  const { days, kind } = service.time_limit;
  return days === 0 ? t("svc.same_day") : t(kind === "working" ? "svc.working_days" : "svc.days", { n: days });
}

export function serviceOptions(catalogue) {
  // The department's own services first, then the rest, each group by name.
  const byName = (a, b) => local(a).localeCompare(local(b));
  const own = catalogue.filter((s) => s.department === "cooperation").sort(byName);
  const rest = catalogue.filter((s) => s.department !== "cooperation").sort(byName);
  return [...own, ...rest].map((s) => [s.code, `${local(s)} — ₹${s.fee}`]);
}

// The documents a service needs, as checkboxes: the applicant says which ones they bring.
export function documentChoices(service) {
  return h("fieldset", {}, h("legend", {}, t("svc.documents")),
    service.documents.map((d) => h("label", { class: "choice" },
      h("input", { type: "checkbox", name: "doc", value: d, checked: true }), " ", t(`doc.${d}`, { fallback: d.replaceAll("_", " ") }))));
}

export function checkedDocuments(form) {
  return [...form.querySelectorAll("input[name=doc]:checked")].map((el) => el.value);
}

export async function render(_params, query) {
  const catalogue = await api("/lokseva/services");
  const who = session.current();
  const chosen = catalogue.find((s) => s.code === query.service) || catalogue.find((s) => s.department === "cooperation") || catalogue[0];
  const about = h("div");
  const docs = h("div");
  const serviceSelect = select("service", serviceOptions(catalogue), chosen.code, {
    onchange: () => show(catalogue.find((s) => s.code === serviceSelect.value)) });
  function show(service) {
    about.replaceChildren(h("p", { class: "notice" }, t("svc.about", { limit: limitText(service), fee: number(Number(service.fee)) })));
    docs.replaceChildren(documentChoices(service));
  }
  show(chosen);
  if (!session.isCitizen(who)) {
    return page("svc.title", h("p", {}, t("svc.lead")), field(t("svc.service"), serviceSelect), about,
      h("p", {}, h("a", { class: "button", href: "#/signin?next=/services" }, t("svc.sign_in"))));
  }
  const places = await districts();
  const holder = h("div");
  let key = newKey();
  const form = onSubmit(h("form", { class: "stack" }, field(t("svc.service"), serviceSelect), about,
    field(t("file.district"), select("district", [["", t("file.choose")],
      ...places.map((d) => [d.code, local(d)]).sort((a, b) => a[1].localeCompare(b[1]))], "", { required: true })),
    field(t("svc.name"), h("input", { name: "applicant_name", required: true, maxlength: 120, autocomplete: "name" })),
    field(t("svc.purpose"), h("input", { name: "purpose", maxlength: 500 })),
    docs, h("button", { type: "submit" }, t("svc.apply"))), async () => {
    const data = formData(form);
    let filed;
    try {
      filed = await api("/lokseva/applications", { method: "POST", idempotencyKey: key, body: {
        service: data.service, district: data.district, applicant_name: data.applicant_name,
        purpose: data.purpose || undefined, documents: checkedDocuments(form), lang: undefined } });
    } catch (error) {
      if (error instanceof ApiError) key = newKey();
      throw error;
    }
    holder.replaceChildren(acknowledgement(filed));
    holder.querySelector("h2").focus();
  });
  holder.append(form);
  return page("svc.title", h("p", {}, t("svc.lead")), holder);
}

export function acknowledgement(filed) {
  return h("div", { class: "panel success", role: "status" },
    h("h2", { tabindex: "-1" }, t("svc.done")),
    h("p", {}, t("svc.ack_is")), h("p", { class: "urn", id: "ack" }, filed.ack),
    h("p", {}, t("svc.guaranteed", { date: when(filed.guaranteed_date, false) })),
    h("a", { class: "button", href: `#/applications/${filed.ack}` }, t("svc.open")));
}
