// The officer's desk on a grievance: reveal the complainant's number to call back (each reveal is
// logged, with why), record the call's outcome, and who has seen the number. Plus the confirmation
// asked before a closing or moving step.
import { h, field, select, formData } from "../dom.js";
import { t, when } from "../i18n.js";
import { api, newKey } from "../api.js";
import { onSubmit } from "./common.js";

const REVEALABLE = ["OPEN", "IN_PROGRESS", "REOPENED", "RESOLVED", "REJECTED", "SPECIAL_CLOSED", "FORCE_CLOSED"];
const REASONS = ["callback", "clarification", "verify_resolution", "feedback_followup"];
const OUTCOMES = ["reached", "no_answer", "switched_off", "wrong_number", "call_back_later"];
export const CLOSING = ["resolve", "reject", "transfer", "special_close", "force_close"];

// true when the officer confirms a step that closes or moves the grievance (others need no question).
export function confirmStep(action, count = 1) {
  if (!CLOSING.includes(action)) return true;
  return window.confirm(t("desk.confirm", { action: t(`act.${action}`), n: count }));
}

export function contactPanel(g, reload) {
  if (!REVEALABLE.includes(g.status)) return null;
  const shown = h("div", { class: "revealed", "aria-live": "polite" });
  const reason = select("reason", REASONS.map((r) => [r, t(`desk.why.${r}`)]), "callback");
  const revealForm = onSubmit(h("form", { class: "stack", id: "reveal-form" },
    h("p", { class: "muted" }, t("desk.reveal_note")), field(t("desk.why"), reason),
    h("button", { type: "submit", class: "secondary" }, t("desk.reveal")), shown), async () => {
    const done = await api(`/grievances/${g.urn}/contact-reveal`, { method: "POST", body: { reason: reason.value } });
    shown.replaceChildren(h("p", {}, t("desk.number"), " ",
      h("a", { href: done.tel, id: "reveal-number", class: "tel" }, done.mobile)), callForm(g, reload));
    shown.querySelector("a").focus();
  });
  const log = h("div", { class: "reveal-log" });
  api(`/grievances/${g.urn}/contact-reveals`, { query: { limit: 20 } }).then((data) => {
    if (!data.items.length) return;
    log.replaceChildren(h("h3", {}, t("desk.log")), h("ul", {}, data.items.map((e) =>
      h("li", {}, when(e.at), " · ", e.reader, " · ", t(`desk.why.${e.reason}`)))));
  }).catch(() => null);
  return h("section", { class: "panel", id: "contact" }, h("h2", {}, t("desk.contact")), revealForm, log);
}

function callForm(g, reload) {
  const key = newKey();
  const outcome = select("outcome", OUTCOMES.map((o) => [o, t(`desk.outcome.${o}`)]), "reached");
  const form = onSubmit(h("form", { class: "stack", id: "call-form" }, field(t("desk.outcome"), outcome),
    field(t("act.note"), h("textarea", { name: "note", required: true, rows: 2, maxlength: 2000 })),
    h("button", { type: "submit" }, t("desk.record_call"))), async () => {
    const data = formData(form);
    await api(`/grievances/${g.urn}/calls`, { method: "POST", idempotencyKey: key,
      body: { outcome: data.outcome, note: data.note } });
    reload();
  });
  return form;
}

// A reply template of the grievance's category fills the note (the officer may still edit it).
export function replyPicker(g, language) {
  const picker = h("select", { name: "template", onchange: () => {
    const chosen = picker.selectedOptions[0];
    const note = picker.closest("form")?.querySelector("textarea[name=note]");
    if (note && chosen?.dataset.text) note.value = chosen.dataset.text;
  } }, h("option", { value: "" }, t("desk.template_none")));
  api("/grievances/reply-templates", { query: { category: g.category } }).then((list) => {
    list.forEach((tpl) => picker.append(h("option", { value: tpl.code,
      "data-text": language === "en" ? tpl.text_en : tpl.text_hi }, language === "en" ? tpl.name_en : tpl.name_hi)));
  }).catch(() => null);
  return field(t("desk.template"), picker);
}
