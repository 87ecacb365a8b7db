// One grievance in full: for its citizen (remind, feedback) and for the officer (act with a note).
import { h, field, select, formData } from "../dom.js";
import { t, local, when, lang } from "../i18n.js";
import { api, newKey } from "../api.js";
import * as session from "../session.js";
import { go } from "../router.js";
import { districtName, districts } from "../masters.js";
import { badge, downloadButton, facts, notice, onSubmit, page } from "./common.js";
import { confirmStep, contactPanel, replyPicker } from "./desk.js";

export const title = () => "g.title";
const ACTIVE = ["OPEN", "IN_PROGRESS", "REOPENED"];
const AWAITING_FEEDBACK = ["RESOLVED", "REJECTED", "SPECIAL_CLOSED", "FORCE_CLOSED"];
const ACTIONS = ["accept", "note", "resolve", "reject", "escalate", "transfer"];
const REASONS = ["duplicate", "incomplete_information", "sub_judice", "not_a_grievance", "policy_decision",
  "already_resolved", "not_our_department"];

export async function render(params) {
  const who = session.current();
  if (!who) {
    go("/signin", { next: location.hash.slice(1) });
    return h("p", {}, t("signin.needed"));
  }
  const g = await api(`/grievances/${encodeURIComponent(params.urn)}`);
  const district = await districtName(g.district, local).catch(() => g.district);
  const citizen = session.isCitizen(who);
  const side = citizen ? citizenPanels(g) : [officerPanel(g, await districts().catch(() => [])), contactPanel(g, reload)];
  return page("g.title",
    h("p", { class: "urn-line" }, h("span", {}, t("g.urn")), " ", h("strong", { class: "urn", id: "urn" }, g.urn), " ",
      badge(g.status), " ", h("span", { class: "muted" }, t("g.level_n", { n: g.level }))),
    h("section", { class: "panel" }, h("h2", {}, g.subject), h("p", { class: "pre" }, g.description),
      facts([
        [t("g.category"), local(g, "category_name") || g.category], [t("g.office"), local(g, "office_name") || g.office],
        [t("g.district"), district], [t("g.society"), g.society_reg_no ? [local(g, "society_name") || g.society_name, ` (${g.society_reg_no})`] : null],
        [t("g.mobile"), g.mobile], [t("g.filed"), when(g.created_at)], [t("g.due"), ACTIVE.includes(g.status) ? when(g.due_at) : null],
        [t("g.assignee"), local(g, "assignee_name") || g.assignee_name || g.assignee], [t("g.disposed"), g.disposed_at ? when(g.disposed_at) : null],
        [t("g.closure"), g.closure_note], [t("g.reason"), g.closure_reason ? t(`reason.${g.closure_reason}`) : null],
        [t("g.feedback"), g.feedback ? `${g.feedback.satisfied ? t("fb.yes") : t("fb.no")} · ${"★".repeat(g.feedback.rating)}`
          + (g.feedback.comment ? ` · ${g.feedback.comment}` : "") : null],
      ]),
      g.documents.length ? [h("h3", {}, t("g.documents")), h("ul", {}, g.documents.map((id, i) => h("li", {},
        downloadButton(t("g.document_n", { n: i + 1 }), () => api(`/grievances/${g.urn}/documents/${id}`)))))] : null),
    side,
    timeline(g.history));
}

// Entries the system writes (filing, reminders, the escalation sweep, feedback) are said from their
// action and data in the page's language; older ones carried an English note, which is not shown.
const SYSTEM_NOTES = new Set(["filed", "reminder", "escalated"]);

function entryTitle(e) {
  const data = e.data || {};
  if (e.action === "filed") {
    const source = data.source || (/\((\w+)\)$/.exec(e.note || "") || [])[1];
    return source ? t("hist.filed_via", { source: t(`src.${source}`, { fallback: t("hist.filed") }) }) : t("hist.filed");
  }
  if (e.action === "escalated" && data.from_level && data.level) return t("hist.escalated", { from: data.from_level, to: data.level });
  if (e.action === "feedback" && typeof data.satisfied === "boolean") {
    return `${t(data.satisfied ? "hist.feedback_yes" : "hist.feedback_no")}${data.rating ? ` · ${"★".repeat(data.rating)}` : ""}`;
  }
  return t(`hist.${e.action}`, { fallback: t(`act.${e.action}`, { fallback: e.action }) });
}

function entryNote(e) {
  if (!e.note || SYSTEM_NOTES.has(e.action)) return null;
  if (e.action === "feedback" && /^(not )?satisfied$/.test(e.note)) return null;
  return h("div", { class: "pre" }, e.note);
}

function timeline(history) {
  return h("section", { class: "panel" }, h("h2", {}, t("g.history")),
    h("ol", { class: "timeline" }, history.items.map((e) => h("li", {},
      h("time", { datetime: e.at }, when(e.at)), " ", h("strong", {}, entryTitle(e)),
      e.to_state ? [" → ", t(`status.${e.to_state}`)] : null,
      entryNote(e)))),
    h("p", { class: "muted" }, history.chain_valid ? t("g.chain_ok") : t("g.chain_bad")));
}

function reload() {
  window.dispatchEvent(new Event("hashchange"));
}

function citizenPanels(g) {
  const panels = [];
  if (ACTIVE.includes(g.status)) {
    const result = h("div", { "aria-live": "polite" });
    const reminderKey = newKey();   // one reminder, however many times the button is pressed
    const form = onSubmit(h("form", {}, h("p", {}, t("rem.text")), h("button", { type: "submit", class: "secondary" }, t("rem.send")), result),
      async () => {
        const done = await api(`/grievances/${g.urn}/reminders`, { method: "POST", idempotencyKey: reminderKey });
        result.replaceChildren(notice(t("rem.sent", { next: when(done.next_allowed_at) })));
      });
    panels.push(h("section", { class: "panel" }, h("h2", {}, t("rem.title")), form));
  }
  if (AWAITING_FEEDBACK.includes(g.status) && !g.feedback) {
    const key = newKey();
    const stars = select("rating", [5, 4, 3, 2, 1].map((n) => [String(n), t("fb.stars", { n })]), "5");
    const radios = h("fieldset", {}, h("legend", {}, t("fb.satisfied")),
      [["true", "fb.yes"], ["false", "fb.no"]].map(([value, label]) => h("label", { class: "choice" },
        h("input", { type: "radio", name: "satisfied", value, required: true }), " ", t(label))));
    const form = onSubmit(h("form", { class: "stack" }, radios, field(t("fb.rating"), stars),
      field(t("fb.comment"), h("textarea", { name: "comment", rows: 3, maxlength: 1000 })),
      h("button", { type: "submit" }, t("fb.send"))), async () => {
      const data = formData(form);
      await api(`/grievances/${g.urn}/feedback`, { method: "POST", idempotencyKey: key,
        body: { satisfied: data.satisfied === "true", rating: Number(data.rating), comment: data.comment || undefined } });
      reload();
    });
    panels.push(h("section", { class: "panel" }, h("h2", {}, t("fb.title")), h("p", {}, t("fb.text")), form));
  }
  return panels;
}

function officerPanel(g, places) {
  if (!ACTIVE.includes(g.status)) return null;
  const reason = h("div", { hidden: true }, field(t("act.reason"), select("reason", REASONS.map((r) => [r, t(`reason.${r}`)]), REASONS[0])));
  const others = places.filter((p) => p.code !== g.district);
  const transfer = h("div", { hidden: true }, field(t("desk.transfer_to"),
    select("district", others.map((p) => [p.code, local(p) || p.code]), others[0]?.code)));
  const action = select("action", ACTIONS.map((a) => [a, t(`act.${a}`)]), g.status === "IN_PROGRESS" ? "resolve" : "accept",
    { onchange: () => { reason.hidden = action.value !== "reject"; transfer.hidden = action.value !== "transfer"; } });
  const key = newKey();
  const form = onSubmit(h("form", { class: "stack" }, field(t("act.action"), action), reason, transfer,
    replyPicker(g, lang()), field(t("act.note"), h("textarea", { name: "note", required: true, rows: 4, maxlength: 2000 })),
    h("button", { type: "submit" }, t("act.submit"))), async () => {
    const data = formData(form);
    if (!confirmStep(data.action)) return;
    await api(`/grievances/${g.urn}/actions`, { method: "POST", idempotencyKey: `${key}-${data.action}`,
      body: { action: data.action, note: data.note, version: g.version,
        reason: data.action === "reject" ? data.reason : undefined,
        district: data.action === "transfer" ? data.district : undefined } });
    reload();
  });
  return h("section", { class: "panel" }, h("h2", {}, t("act.title")), form);
}
