// The officer's inbox: overdue first, then what reaches its time limit soonest.
import { h } from "../dom.js";
import { t, local, when, number } from "../i18n.js";
import { api, offers } from "../api.js";
import * as session from "../session.js";
import { go } from "../router.js";
import { badge, page } from "./common.js";
import { categories, districts } from "../masters.js";
import { filterBar, csvButton } from "./search.js";
import { bulkPanel } from "./bulk.js";

export const title = () => "inbox.title";

export async function render() {
  if (!session.isStaff(session.current())) {
    go("/staff");
    return h("p", {}, t("signin.needed"));
  }
  const data = await api("/grievances", { query: { assigned: "me", limit: 100 } });
  const [cats, places] = await Promise.all([categories(), districts()]);
  const catName = (code) => local(cats.find((c) => c.code === code)) || code;
  const counts = data.counts || { overdue: 0, near_limit: 0, near_limit_hours: 48 };
  const now = Date.now();
  const soon = counts.near_limit_hours * 3600 * 1000;
  const items = [...data.items].sort((a, b) => a.due_at.localeCompare(b.due_at));
  const row = (g) => {
    const left = Date.parse(g.due_at) - now;
    const flag = left < 0 ? ["overdue", t("inbox.overdue")] : left < soon ? ["near", t("inbox.near")] : null;
    return h("tr", { class: flag ? `row-${flag[0]}` : null },
      h("td", {}, h("a", { href: `#/inbox/${g.urn}` }, g.urn)),
      h("td", {}, when(g.created_at, false)),
      h("td", {}, catName(g.category)),
      h("td", {}, g.society_name ? [g.society_name, h("br"), h("small", {}, g.society_reg_no)] : "—"),
      h("td", {}, g.subject),
      h("td", {}, badge(g.status)),
      h("td", {}, t("g.level_n", { n: g.level })),
      h("td", {}, when(g.due_at), flag ? [" ", h("span", { class: `flag ${flag[0]}` }, flag[1])] : null));
  };
  const rows = items.map(row);
  // Beyond the first 100: the next pages, asked with the signed cursor.
  let next = data.next;
  const more = h("button", { type: "button", class: "more no-print", hidden: !next, onclick: async () => {
    const page2 = await api("/grievances", { query: { assigned: "me", limit: 100, next } });
    page2.items.forEach((g) => document.querySelector("table.inbox tbody").append(row(g)));
    next = page2.next;
    more.hidden = !next;
  } }, t("search.more"));
  return page("inbox.title", filterBar({ assigned: "me" }, cats, places), h("h2", {}, t("inbox.grievances")),
    h("ul", { class: "counts", "aria-label": t("inbox.summary") },
      h("li", { class: "count overdue" }, h("strong", {}, number(counts.overdue)), " ", t("inbox.overdue")),
      h("li", { class: "count near" }, h("strong", {}, number(counts.near_limit)), " ",
        t("inbox.near_hours", { n: counts.near_limit_hours })),
      h("li", { class: "count" }, h("strong", {}, number(items.length)), " ", t("inbox.open"))),
    rows.length ? h("div", { class: "scroll" }, h("table", { class: "inbox" },
      h("caption", {}, t("inbox.caption")),
      h("thead", {}, h("tr", {}, ["g.urn", "g.filed", "g.category", "g.society", "g.subject", "g.status", "g.level", "g.due"].map((k) => h("th", { scope: "col" }, t(k))))),
      h("tbody", {}, rows))) : h("p", {}, t("inbox.empty")),
    bulkPanel(items),
    more, h("div", { class: "actions no-print" }, csvButton({ assigned: "me" }),
      h("button", { type: "button", class: "link", onclick: () => window.print() }, t("search.print"))),
    (await offers()).includes("/lokseva/applications") ? await services() : null);
}

// Guaranteed-service applications waiting at the officer's desk, oldest due first.
async function services() {
  const data = await api("/lokseva/applications", { query: { pending: "true", limit: 100 } }).catch(() => null);
  if (!data) return null;
  const rows = data.items.map((a) => h("tr", {},
    h("td", {}, h("a", { href: `#/applications/${a.ack}` }, a.ack)), h("td", {}, local(a, "service_name") || a.service),
    h("td", {}, badge(a.status)), h("td", {}, when(a.stage_due_at))));
  return h("section", {}, h("h2", {}, t("inbox.services")),
    rows.length ? h("div", { class: "scroll" }, h("table", { class: "services" },
      h("caption", {}, t("inbox.services_caption")),
      h("thead", {}, h("tr", {}, ["app.ack", "svc.service", "g.status", "app.stage_due"].map((k) => h("th", { scope: "col" }, t(k))))),
      h("tbody", {}, rows))) : h("p", {}, t("inbox.services_empty")));
}
