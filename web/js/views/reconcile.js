// The dashboard that adds up: for grievances filed between two dates, received = disposed in time +
// disposed late + pending in time + pending overdue; a district opens its offices, an office cell
// opens the grievances behind it.
import { h, field } from "../dom.js";
import { t, local, number, when } from "../i18n.js";
import { api } from "../api.js";
import * as session from "../session.js";
import { go, where } from "../router.js";
import { badge, page } from "./common.js";

export const title = () => "rec.title";
const PARTS = ["disposed_in_time", "disposed_late", "pending_in_time", "pending_overdue"];

const iso = (d) => d.toISOString().slice(0, 10);

export async function render() {
  if (!session.isStaff(session.current())) {
    go("/staff");
    return h("p", {}, t("signin.needed"));
  }
  const q = where().query;
  const today = new Date();
  const first = q.from || iso(new Date(today.getFullYear(), today.getMonth(), 1, 12));
  const last = q.to || iso(today);
  const from = h("input", { type: "date", name: "from", value: first, required: true });
  const to = h("input", { type: "date", name: "to", value: last, required: true });
  const form = h("form", { class: "inline", id: "range-form", onsubmit: (e) => {
    e.preventDefault();
    go("/dashboard/reconcile", { ...(q.district ? { district: q.district } : {}), from: from.value, to: to.value });
  } }, field(t("rec.from"), from), field(t("rec.to"), to), h("button", { type: "submit" }, t("rec.show")));
  const query = { from: first, to: last, ...(q.district ? { district: q.district } : {}) };
  const data = await api("/reports/grievances/dashboard", { query });
  const crumbs = q.district ? h("p", {}, h("a", { href: `#/dashboard/reconcile?from=${first}&to=${last}` }, t("rec.all")),
    " › ", q.district) : null;
  const rows = data.rows.map((r) => h("tr", {},
    h("th", { scope: "row" }, q.district ? (local(r) || r.key)
      : h("a", { href: `#/dashboard/reconcile?from=${first}&to=${last}&district=${r.key}`, class: "drill" }, local(r) || r.key)),
    h("td", { class: "num" }, number(r.received)),
    PARTS.map((p) => h("td", { class: "num" }, q.district && r[p]
      ? h("a", { href: `#/dashboard/reconcile?from=${first}&to=${last}&district=${q.district}&office=${r.key}&part=${p}` }, number(r[p]))
      : number(r[p]))),
    h("td", {}, r.reconciles ? "✓" : "✗")));
  const totals = data.totals;
  const table = h("div", { class: "scroll" }, h("table", { id: "reconcile" },
    h("caption", {}, t("rec.caption", { from: when(`${first}T12:00:00Z`, false), to: when(`${last}T12:00:00Z`, false) })),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t(q.district ? "rec.office" : "rec.district")),
      ["received", ...PARTS].map((p) => h("th", { scope: "col", class: "num" }, t(`rec.${p}`))),
      h("th", { scope: "col" }, t("rec.adds_up")))),
    h("tbody", {}, rows),
    h("tfoot", {}, h("tr", {}, h("th", { scope: "row" }, t("rec.total")), h("td", { class: "num" }, number(totals.received)),
      PARTS.map((p) => h("td", { class: "num" }, number(totals[p]))), h("td", {}, totals.reconciles ? "✓" : "✗")))));
  const list = q.district && q.office ? await items(q, first, last) : null;
  return page("rec.title", h("p", { class: "muted" }, t("rec.lead")), form, crumbs, table, list);
}

async function items(q, first, last) {
  const data = await api("/reports/grievances/dashboard/items",
    { query: { from: first, to: last, district: q.district, office: q.office, ...(q.part ? { part: q.part } : {}) } });
  return h("section", {}, h("h2", {}, t("rec.list", { office: q.office, part: q.part ? t(`rec.${q.part}`) : "" })),
    h("ul", { id: "reconcile-items" }, data.items.map((g) => h("li", {},
      h("a", { href: `#/inbox/${g.urn}` }, g.urn), " · ", g.subject, " · ", badge(g.status)))),
    data.truncated ? h("p", { class: "muted" }, t("rec.truncated")) : null);
}
