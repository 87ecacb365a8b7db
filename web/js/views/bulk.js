// Bulk steps from the inbox: tick grievances, one step and one note; each is checked and recorded on
// its own, and the answer lists every grievance's result.
import { h, field, select, formData } from "../dom.js";
import { t } from "../i18n.js";
import { api, newKey } from "../api.js";
import { notice, onSubmit } from "./common.js";
import { confirmStep } from "./desk.js";

const STEPS = ["resolve", "accept", "note"];
export const MAX = 50;

export function bulkPanel(items) {
  if (!items.length) return null;
  const boxes = items.slice(0, MAX).map((g) => h("label", { class: "choice" },
    h("input", { type: "checkbox", name: "urn", value: g.urn }), " ", g.urn, " · ", g.subject));
  const action = select("action", STEPS.map((a) => [a, t(`act.${a}`)]), "resolve");
  const results = h("div", { class: "bulk-results", "aria-live": "polite" });
  let key = newKey();
  const form = onSubmit(h("form", { class: "stack", id: "bulk-form" },
    h("fieldset", {}, h("legend", {}, t("bulk.pick", { n: MAX })), boxes),
    field(t("act.action"), action),
    field(t("act.note"), h("textarea", { name: "note", required: true, rows: 3, maxlength: 2000 })),
    h("button", { type: "submit" }, t("bulk.submit")), results), async () => {
    const urns = [...form.querySelectorAll("input[name=urn]:checked")].map((b) => b.value);
    if (!urns.length) {
      results.replaceChildren(notice(t("bulk.none"), "error"));
      return;
    }
    if (!confirmStep(action.value, urns.length)) return;
    const data = formData(form);
    const done = await api("/grievances/bulk-actions", { method: "POST", idempotencyKey: key,
      body: { urns, action: data.action, note: data.note } });
    key = newKey();
    results.replaceChildren(notice(t("bulk.summary", { done: done.done, refused: done.refused })),
      h("ul", { id: "bulk-list" }, done.results.map((r) => h("li", { class: r.ok ? "ok" : "refused" },
        r.urn, " · ", r.ok ? t(`status.${r.status}`) : r.error.message))));
  });
  return h("section", { class: "panel" }, h("h2", {}, t("bulk.title")), form);
}
