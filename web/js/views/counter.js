// The PACS counter: an operator applies for a guaranteed service on a citizen's behalf and records
// the fee taken; the interest calculator appears when the API offers interest subvention.
import { h, field, select, formData } from "../dom.js";
import { t } from "../i18n.js";
import { api, offers, newKey, ApiError } from "../api.js";
import * as session from "../session.js";
import { go } from "../router.js";
import { onSubmit, page } from "./common.js";
import { acknowledgement, checkedDocuments, documentChoices, serviceOptions } from "./services.js";

export const title = () => "counter.title";

export async function render() {
  const who = session.current();
  if (!session.isStaff(who)) {
    go("/staff");
    return h("p", {}, t("signin.needed"));
  }
  const paths = await offers();
  const parts = [];
  if (paths.includes("/lokseva/centres/{reg_no}/applications")) parts.push(await counterApplication());
  if (paths.includes("/subvention/calculate")) parts.push(await (await import("./interest.js")).calculator());
  if (!parts.length) parts.push(h("p", {}, t("counter.none")));
  return page("counter.title", parts);
}

async function counterApplication() {
  const catalogue = await api("/lokseva/services");
  const docs = h("div");
  const fee = h("input", { name: "fee_taken", required: true, inputmode: "decimal", pattern: "\\d{1,7}(\\.\\d{1,2})?" });
  const service = select("service", serviceOptions(catalogue), "", { onchange: () => show() });
  function show() {
    const chosen = catalogue.find((s) => s.code === service.value);
    fee.value = chosen.fee;
    docs.replaceChildren(documentChoices(chosen));
  }
  show();
  const holder = h("div");
  let key = newKey();
  const form = onSubmit(h("form", { class: "stack" },
    field(t("counter.pacs"), h("input", { name: "reg_no", required: true, pattern: "[A-Z]{3}-\\d{4}-\\d{5}",
      value: localStorage.getItem("counter.pacs") || "", autocomplete: "off" }), t("file.society_hint")),
    field(t("svc.service"), service),
    field(t("svc.name"), h("input", { name: "applicant_name", required: true, maxlength: 120 })),
    field(t("signin.mobile"), h("input", { name: "mobile", type: "tel", inputmode: "numeric", required: true,
      pattern: "[6-9][0-9]{9}", maxlength: 10 }), t("counter.mobile_hint")),
    field(t("counter.fee"), fee),
    field(t("svc.purpose"), h("input", { name: "purpose", maxlength: 500 })),
    docs, h("button", { type: "submit" }, t("svc.apply"))), async () => {
    const data = formData(form);
    localStorage.setItem("counter.pacs", data.reg_no);   // an operator works at one PACS
    let filed;
    try {
      filed = await api(`/lokseva/centres/${encodeURIComponent(data.reg_no)}/applications`, {
        method: "POST", idempotencyKey: key, body: { service: data.service, applicant_name: data.applicant_name,
          mobile: data.mobile, fee_taken: data.fee_taken, purpose: data.purpose || undefined,
          documents: checkedDocuments(form) } });
    } catch (error) {
      if (error instanceof ApiError) key = newKey();
      throw error;
    }
    holder.replaceChildren(acknowledgement(filed),
      h("button", { type: "button", class: "secondary", onclick: () => window.dispatchEvent(new Event("hashchange")) },
        t("counter.next")));
    holder.querySelector("h2").focus();
  });
  holder.append(form);
  return h("section", { class: "panel" }, h("h2", {}, t("counter.apply")), holder);
}
