// One service application: its stage, guaranteed date, delay and compensation; the certificate for
// the applicant once approved, an appeal after a rejection; the decision for the officer at the desk.
import { h, field, select, formData } from "../dom.js";
import { t, local, when, rupees } from "../i18n.js";
import { api, newKey } from "../api.js";
import * as session from "../session.js";
import { go } from "../router.js";
import { badge, downloadButton, downloadPdf, facts, notice, onSubmit, page } from "./common.js";

// Notes the system wrote in English ("application received (online)", "... time limit passed"):
// the action, the channel and the status already say it in the page's language.
const SYSTEM_NOTES = new Set(["applied", "auto_appeal"]);
export const title = () => "app.title";
const OPEN = ["SUBMITTED", "FIRST_APPEAL", "SECOND_APPEAL"];

export async function render(params) {
  const who = session.current();
  if (!who) {
    go("/signin", { next: location.hash.slice(1) });
    return h("p", {}, t("signin.needed"));
  }
  const a = await api(`/lokseva/applications/${encodeURIComponent(params.ack)}`);
  const money = rupees;
  return page("app.title",
    h("p", { class: "urn-line" }, h("span", {}, t("app.ack")), " ", h("strong", { class: "urn", id: "ack" }, a.ack), " ", badge(a.status)),
    downloadPdf(t("ack.download"), `/lokseva/applications/${a.ack}/acknowledgement`, `application-${a.ack}.pdf`),
    h("section", { class: "panel" }, h("h2", {}, local(a, "service_name") || a.service),
      facts([
        [t("app.applicant"), a.applicant_name], [t("app.purpose"), a.purpose], [t("g.mobile"), a.mobile],
        [t("app.channel"), t(`channel.${a.channel}`, { fallback: a.channel })], [t("app.pacs"), a.pacs_reg_no],
        [t("app.fee"), money(a.fee)], [t("app.fee_taken"), a.fee_taken == null ? null : money(a.fee_taken)],
        [t("form.society"), a.society ? `${local(a, "society_name")} (${a.society})` : null],
        [t("counter.fee_reason"), a.fee_reason],
        [t("g.filed"), when(a.created_at)], [t("app.guaranteed"), when(a.guaranteed_date, false)],
        [t("app.stage_due"), OPEN.includes(a.status) ? when(a.stage_due_at) : null],
        [t("app.decided"), a.decided_at ? when(a.decided_at) : null], [t("app.reasons"), a.reasons],
        [t("app.delay"), a.delay_days ? t("app.delay_days", { n: a.delay_days }) : null],
        [t("app.compensation"), Number(a.compensation_due) ? money(a.compensation_due) : null],
      ])),
    answersPanel(a), documentsPanel(a),
    session.isCitizen(who) || who.role === "society" ? citizenPanel(a) : null,
    who.role === "officer" ? officerPanel(a) : null,
    who.role === "pacs_operator" && a.channel === "counter" ? h("p", { id: "receipt" }, downloadButton(t("counter.receipt"),
      async () => ({ ...(await api(`/lokseva/applications/${a.ack}/receipt`)), name: `receipt-${a.ack}.pdf` }))) : null,
    h("section", { class: "panel" }, h("h2", {}, t("g.history")),
      h("ol", { class: "timeline" }, a.history.items.map((e) => h("li", {},
        h("time", { datetime: e.at }, when(e.at)), " ", h("strong", {}, t(`hist.${e.action}`, { fallback: e.action })),
        e.to_state ? [" → ", t(`status.${e.to_state}`, { fallback: e.to_state })] : null,
        e.note && !SYSTEM_NOTES.has(e.action) ? h("div", { class: "pre" }, e.note) : null)))));
}

// The form's answers, labelled in the page's language (choices by their label, dates day/month/year).
function answersPanel(a) {
  if (!a.answers || !a.answers.length) return null;
  const shown = (x) => (x.type === "choice" ? local(x, "value") || x.value
    : x.type === "date" ? x.value.split("-").reverse().join("/") : x.value);
  return h("section", { class: "panel" }, h("h2", {}, t("form.questions")),
    facts(a.answers.map((x) => [local(x, "label"), shown(x)])));
}

// The uploaded documents: each opens through a short-lived link, and the read is logged.
function documentsPanel(a) {
  if (!a.documents || !a.documents.length) return null;
  return h("section", { class: "panel" }, h("h2", {}, t("app.documents")),
    h("ul", { class: "documents" }, a.documents.map((d) => h("li", {},
      downloadButton(local(d), () => api(`/lokseva/applications/${a.ack}/documents/${d.document_id}`))))));
}

function citizenPanel(a) {
  if (a.certificate) {
    const slot = h("div", { "aria-live": "polite" });
    const form = onSubmit(h("form", {}, h("button", { type: "submit" }, t("app.get_certificate")), slot), async () => {
      const link = await api(`/lokseva/applications/${a.ack}/certificate`);
      slot.replaceChildren(h("p", {}, h("a", { href: link.url, id: "certificate", download: `${a.ack}.pdf` },
        t("app.download", { n: Math.round(link.expires_in / 60) }))));
      slot.querySelector("a").focus();
    });
    return h("section", { class: "panel success" }, h("h2", {}, t("app.certificate")), form);
  }
  if (a.status === "REJECTED") {
    const key = newKey();
    const form = onSubmit(h("form", { class: "stack" },
      field(t("app.grounds"), h("textarea", { name: "grounds", required: true, rows: 3, maxlength: 1000 })),
      h("button", { type: "submit" }, t("app.appeal"))), async () => {
      await api(`/lokseva/applications/${a.ack}/appeal`, { method: "POST", idempotencyKey: key, body: formData(form) });
      window.dispatchEvent(new Event("hashchange"));
    });
    return h("section", { class: "panel" }, h("h2", {}, t("app.appeal")), form);
  }
  return OPEN.includes(a.status) ? notice(t("app.waiting", { date: when(a.guaranteed_date, false) })) : null;
}

function officerPanel(a) {
  if (!OPEN.includes(a.status)) return null;
  const key = newKey();
  const form = onSubmit(h("form", { class: "stack" },
    field(t("app.decision"), select("decision", [["approve", t("app.approve")], ["reject", t("app.reject")]], "approve")),
    field(t("app.reasons"), h("textarea", { name: "reasons", required: true, rows: 3, maxlength: 1000 })),
    h("button", { type: "submit" }, t("act.submit"))), async () => {
    const data = formData(form);
    await api(`/lokseva/applications/${a.ack}/decision`, { method: "POST", idempotencyKey: `${key}-${data.decision}`,
      body: { decision: data.decision, reasons: data.reasons, version: a.version } });
    window.dispatchEvent(new Event("hashchange"));
  });
  return h("section", { class: "panel" }, h("h2", {}, t("app.decide")), form);
}
