// The officer's inbox: overdue first, then what reaches its time limit soonest.
import { h } from "../dom.js";
import { t, local, when, number } from "../i18n.js";
import { api, offers } from "../api.js";
import * as session from "../session.js";
import { go } from "../router.js";
import { badge, page } from "./common.js";
import { bulkPanel } from "./bulk.js";

export const title = () => "inbox.title";

export async function render() {
  if (!session.isStaff(session.current())) {
    go("/staff");
    return h("p", {}, t("signin.needed"));
  }
  const data = await api("/grievances", { query: { assigned: "me", limit: 100 } });
  const counts = data.counts || { overdue: 0, near_limit: 0, near_limit_hours: 48 };
  const now = Date.now();
  const soon = counts.near_limit_hours * 3600 * 1000;
  const items = [...data.items].sort((a, b) => a.due_at.localeCompare(b.due_at));
  const rows = items.map((g) => {
    const left = Date.parse(g.due_at) - now;
    const flag = left < 0 ? ["overdue", t("inbox.overdue")] : left < soon ? ["near", t("inbox.near")] : null;
    return h("tr", { class: flag ? `row-${flag[0]}` : null },
      h("td", {}, h("a", { href: `#/inbox/${g.urn}` }, g.urn)),
      h("td", {}, g.subject),
      h("td", {}, badge(g.status)),
      h("td", {}, t("g.level_n", { n: g.level })),
      h("td", {}, when(g.due_at), flag ? [" ", h("span", { class: `flag ${flag[0]}` }, flag[1])] : null));
  });
  return page("inbox.title", h("h2", {}, t("inbox.grievances")),
    h("ul", { class: "counts", "aria-label": t("inbox.summary") },
      h("li", { class: "count overdue" }, h("strong", {}, number(counts.overdue)), " ", t("inbox.overdue")),
      h("li", { class: "count near" }, h("strong", {}, number(counts.near_limit)), " ",
        t("inbox.near_hours", { n: counts.near_limit_hours })),
      h("li", { class: "count" }, h("strong", {}, number(items.length)), " ", t("inbox.open"))),
    rows.length ? h("div", { class: "scroll" }, h("table", { class: "inbox" },
      h("caption", {}, t("inbox.caption")),
      h("thead", {}, h("tr", {}, ["g.urn", "g.subject", "g.status", "g.level", "g.due"].map((k) => h("th", { scope: "col" }, t(k))))),
      h("tbody", {}, rows))) : h("p", {}, t("inbox.empty")),
    bulkPanel(items),
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
