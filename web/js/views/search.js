// Officers' search: every filter goes to the server (GET /grievances/search), one page at a time;
// the same filter downloads as CSV (GET /grievances/search.csv). Filters live in the URL, so a
// search can be bookmarked, reloaded and printed.
import { h, field, select, formData } from "../dom.js";
import { t, local, when } from "../i18n.js";
import { api, API } from "../api.js";
import { lang } from "../i18n.js";
import * as session from "../session.js";
import { go } from "../router.js";
import { categories, districts } from "../masters.js";
import { badge, failure, page } from "./common.js";

export const title = () => "search.title";

const STATUSES = ["OPEN", "IN_PROGRESS", "REOPENED", "RESOLVED", "REJECTED", "SPECIAL_CLOSED", "FORCE_CLOSED", "CLOSED"];
export const FILTERS = ["assigned", "district", "urn", "mobile", "society", "office", "category", "status", "level", "due",
  "filed_from", "filed_to"];

const only = (query) => Object.fromEntries(FILTERS.filter((k) => query[k]).map((k) => [k, query[k]]));

export async function render(_params, query) {
  if (!session.isStaff(session.current())) {
    go("/staff");
    return h("p", {}, t("signin.needed"));
  }
  const filters = only(query || {});
  const [cats, places] = await Promise.all([categories(), districts()]);
  const form = filterBar(filters, cats, places);
  const results = h("div", { class: "results", "aria-live": "polite" });
  const view = page("search.title", form, results);
  if (Object.keys(filters).length || query.all) await show(results, filters, cats);
  return view;
}

// The filter bar (also placed on the inbox): submitting puts the filter in the URL.
export function filterBar(filters, cats, places) {
  const any = ["", t("search.any")];
  const text = (name, attrs = {}) => h("input", { name, value: filters[name] || "", ...attrs });
  const form = h("form", { class: "filters no-print", role: "search", "aria-label": t("search.title") },
    field(t("search.urn"), text("urn", { inputmode: "numeric", pattern: "\\d{4,10}", maxlength: 10 })),
    field(t("search.mobile"), text("mobile", { inputmode: "tel", pattern: "[6-9]\\d{9}", maxlength: 10 })),
    field(t("search.society"), text("society", { pattern: "[A-Z]{3}-\\d{4}-\\d{5}", maxlength: 14,
      placeholder: "BPL-2001-00001" })),
    field(t("g.category"), select("category", [any, ...cats.map((c) => [c.code, local(c)])], filters.category || "")),
    field(t("g.status"), select("status", [any, ...STATUSES.map((s) => [s, t(`status.${s}`)])], filters.status || "")),
    field(t("g.level"), select("level", [any, ...[1, 2, 3, 4, 5].map((n) => [String(n), t("g.level_n", { n })])],
      filters.level || "")),
    field(t("g.office"), select("office", [any, ["coop", t("search.office_coop")], ["dccb", t("search.office_dccb")]],
      filters.office || "")),
    field(t("g.district"), select("district", [["", t("search.my_district")],
      ...places.map((d) => [d.code, local(d)])], filters.district || "")),
    field(t("search.due"), select("due", [any, ["overdue", t("inbox.overdue")], ["near", t("inbox.near")]],
      filters.due || "")),
    field(t("search.from"), text("filed_from", { type: "date" })),
    field(t("search.to"), text("filed_to", { type: "date" })),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "assigned", value: "me",
      checked: filters.assigned === "me" }), " ", t("search.inbox_only")),
    h("div", { class: "actions" },
      h("button", { type: "submit" }, t("search.go")),
      h("button", { type: "button", class: "link", onclick: () => go("/search") }, t("search.clear"))));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = only(formData(form));
    go("/search", Object.keys(chosen).length ? chosen : { all: "1" });
  });
  return form;
}

function rowOf(g, cats) {
  const cat = cats.find((c) => c.code === g.category);
  return h("tr", { class: g.overdue ? "row-overdue" : null },
    h("td", {}, h("a", { href: `#/inbox/${g.urn}` }, g.urn)),
    h("td", {}, when(g.created_at, false)),
    h("td", {}, cat ? local(cat) : g.category),
    h("td", {}, g.society_name ? [g.society_name, h("br"), h("small", {}, g.society_reg_no)] : "—"),
    h("td", {}, g.subject),
    h("td", {}, badge(g.status)),
    h("td", {}, t("g.level_n", { n: g.level })),
    h("td", {}, when(g.due_at), g.overdue ? [" ", h("span", { class: "flag overdue" }, t("inbox.overdue"))] : null));
}

export const COLUMNS = ["g.urn", "g.filed", "g.category", "g.society", "g.subject", "g.status", "g.level", "g.due"];

// A table that pages on the server: "more" asks for the next page with the signed cursor.
export async function show(slot, filters, cats) {
  const body = h("tbody");
  const more = h("button", { type: "button", class: "more no-print" }, t("search.more"));
  const status = h("p", { class: "muted", role: "status" });
  let next = null;
  let shown = 0;
  const load = async () => {
    more.disabled = true;
    try {
      const data = await api("/grievances/search", { query: { ...filters, limit: 100, next } });
      data.items.forEach((g) => body.append(rowOf(g, cats)));
      shown += data.items.length;
      next = data.next;
      status.textContent = t("search.count", { n: shown });
      more.hidden = !next;
    } catch (error) {
      slot.prepend(failure(error));
      more.hidden = true;
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener("click", load);
  slot.replaceChildren(
    h("div", { class: "actions no-print" }, csvButton(filters), h("button", { type: "button", class: "link",
      onclick: () => window.print() }, t("search.print"))),
    h("div", { class: "scroll" }, h("table", { class: "inbox search" },
      h("caption", {}, t("search.caption")),
      h("thead", {}, h("tr", {}, COLUMNS.map((k) => h("th", { scope: "col" }, t(k))))), body)),
    status, more);
  await load();
}

// The CSV comes through the API with the officer's token, then is offered as a file.
export function csvButton(filters) {
  const slot = h("span", { class: "download" });
  const out = h("span", { "aria-live": "polite" });
  slot.append(h("button", { type: "button", class: "csv", onclick: async () => {
    try {
      const url = new URL(`${API}/grievances/search.csv`);
      Object.entries({ ...filters, lang: lang() }).forEach(([k, v]) => v && url.searchParams.set(k, v));
      const response = await fetch(url, { headers: { Authorization: `Bearer ${session.current().token}`,
        "Accept-Language": lang() } });
      if (!response.ok) throw Object.assign(new Error((await response.json()).error.message), { status: response.status });
      const blob = await response.blob();
      const name = (response.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/)?.[1] || "grievances.csv";
      const link = h("a", { href: URL.createObjectURL(blob), download: name, class: "download-link" },
        t("search.csv_ready", { name, n: response.headers.get("X-Row-Count") || "" }));
      out.replaceChildren(" ", link);
      link.click();
    } catch (error) {
      out.replaceChildren(failure(error));
    }
  } }, t("search.csv")), out);
  return slot;
}
