// A citizen's own grievances, newest first.
import { h } from "../dom.js";
import { t, when } from "../i18n.js";
import { api } from "../api.js";
import * as session from "../session.js";
import { go } from "../router.js";
import { badge, page } from "./common.js";

export const title = () => "mine.title";

export async function render() {
  if (!session.isCitizen(session.current())) {
    go("/signin", { next: "/grievances" });
    return h("p", {}, t("signin.needed"));
  }
  const data = await api("/grievances", { query: { mine: "true", limit: 50 } });
  const items = data.items.map((g) => h("li", { class: "result" },
    h("a", { href: `#/grievances/${g.urn}` }, `${g.urn} · ${g.subject}`), " ", badge(g.status),
    h("div", { class: "muted" }, `${t("g.filed")}: ${when(g.created_at)}`)));
  return page("mine.title",
    h("p", {}, h("a", { class: "button", href: "#/grievances/new" }, t("nav.file"))),
    items.length ? h("ul", { class: "results" }, items) : h("p", {}, t("mine.none")));
}
