// A citizen's own service applications.
import { h } from "../dom.js";
import { t, local, when } from "../i18n.js";
import { api } from "../api.js";
import * as session from "../session.js";
import { go } from "../router.js";
import { badge, page } from "./common.js";

export const title = () => "apps.title";

export async function render() {
  if (!session.isCitizen(session.current())) {
    go("/signin", { next: "/applications" });
    return h("p", {}, t("signin.needed"));
  }
  const data = await api("/lokseva/applications", { query: { mine: "true", limit: 50 } });
  const items = data.items.map((a) => h("li", { class: "result" },
    h("a", { href: `#/applications/${a.ack}` }, `${a.ack} · ${local(a, "service_name") || a.service}`), " ", badge(a.status),
    h("div", { class: "muted" }, t("svc.guaranteed", { date: when(a.guaranteed_date, false) }))));
  return page("apps.title", h("p", {}, h("a", { class: "button", href: "#/services" }, t("nav.services"))),
    items.length ? h("ul", { class: "results" }, items) : h("p", {}, t("apps.none")));
}
