// District dashboards: grievances and e-PACS conversion as bar charts that are tables underneath,
// so every figure is also text a screen reader can read.
import { h } from "../dom.js";
import { t, local, number } from "../i18n.js";
import { api, offers } from "../api.js";
import { districts } from "../masters.js";
import * as session from "../session.js";
import { go } from "../router.js";
import { failure, page } from "./common.js";

export const title = () => "dash.title";

function chart(captionKey, rows, series, unit = "") {
  const max = Math.max(1, ...rows.flatMap((r) => series.map((s) => r[s.key] || 0)));
  return h("figure", { class: "chart" },
    h("div", { class: "legend", "aria-hidden": "true" }, series.map((s, i) => h("span", { class: `key k${i}` }, t(s.label)))),
    h("div", { class: "scroll" }, h("table", {},
      h("caption", {}, t(captionKey)),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("dash.district")),
        series.map((s) => h("th", { scope: "col", class: "num" }, t(s.label))), h("th", { scope: "col", class: "bars-head" }, t("dash.chart")))),
      h("tbody", {}, rows.map((r) => h("tr", {},
        h("th", { scope: "row" }, r.name),
        series.map((s) => h("td", { class: "num" }, `${number(r[s.key] || 0)}${unit}`)),
        h("td", { class: "bars", "aria-hidden": "true" }, series.map((s, i) =>
          h("span", { class: `bar k${i}`, style: null, "data-w": Math.round(((r[s.key] || 0) / max) * 100) })))))))));
}

// Inline styles are barred by the page's policy; widths go on through the CSSOM instead.
function sizeBars(root) {
  root.querySelectorAll(".bar").forEach((bar) => { bar.style.width = `${bar.dataset.w}%`; });
  return root;
}

export async function render() {
  if (!session.isStaff(session.current())) {
    go("/staff");
    return h("p", {}, t("signin.needed"));
  }
  const [grievances, epacs] = await Promise.allSettled([
    api("/reports/grievances", { query: { by: "district" } }),
    api("/reports/epacs", { query: { by: "district" } }),
  ]);
  const parts = [];
  if (grievances.status === "fulfilled") {
    const g = grievances.value;
    const rows = g.rows.map((r) => ({ name: local(r) || r.key, received: r.received, disposed: r.disposed,
      pending: r.pending.total }));
    parts.push(h("section", { class: "panel" }, h("h2", {}, t("dash.grievances")),
      h("p", { class: "muted" }, t("dash.period", { from: g.from, to: g.to }), " ",
        h("a", { href: "#/dashboard/reconcile", id: "to-reconcile" }, t("rec.open"))),
      rows.length ? chart("dash.grievances_caption", rows, [
        { key: "received", label: "dash.received" }, { key: "disposed", label: "dash.disposed" },
        { key: "pending", label: "dash.pending" }]) : h("p", {}, t("dash.none"))));
  } else parts.push(failure(grievances.reason));
  if (epacs.status === "fulfilled") {
    const e = epacs.value;
    const rows = e.rows.map((r) => ({ name: local(r) || r.key, total: r.total, onboarded: r.onboarded, percent: r.percent }));
    parts.push(h("section", { class: "panel" }, h("h2", {}, t("dash.epacs")),
      h("p", {}, t("dash.epacs_total", { on: number(e.totals.onboarded), all: number(e.totals.total), pct: number(e.totals.percent) })),
      rows.length ? chart("dash.epacs_caption", rows, [
        { key: "total", label: "dash.pacs" }, { key: "onboarded", label: "dash.onboarded" }]) : h("p", {}, t("dash.none"))));
  } else parts.push(failure(epacs.reason));
  if ((await offers()).includes("/lokseva/dashboard")) parts.push(await services());
  return sizeBars(page("dash.title", parts));
}

// Guaranteed services by district: in time, late, and pending beyond the time limit.
async function services() {
  try {
    const [data, places] = await Promise.all([api("/lokseva/dashboard", { query: { by: "district" } }), districts()]);
    const names = Object.fromEntries(places.map((d) => [d.code, local(d)]));
    const rows = data.rows.map((r) => ({ ...r, name: names[r.key] || r.key }));
    return h("section", { class: "panel" }, h("h2", {}, t("dash.services")),
      h("p", {}, t("dash.services_total", { n: number(data.totals.received), late: number(data.totals.disposed_late),
        penalties: number(Number(data.totals.penalties)) })),
      rows.length ? chart("dash.services_caption", rows, [
        { key: "received", label: "dash.received" }, { key: "disposed_in_time", label: "dash.in_time" },
        { key: "disposed_late", label: "dash.late" }, { key: "pending_beyond_time", label: "dash.beyond" }]) : h("p", {}, t("dash.none")));
  } catch (error) {
    return failure(error);
  }
}
