// Search the registry by name (Hindi or English, any word's start), optionally in one district.
import { h, field, select, formData } from "../dom.js";
import { t, local } from "../i18n.js";
import { api } from "../api.js";
import { go } from "../router.js";
import { districts } from "../masters.js";
import { failure, page } from "./common.js";

export const title = () => "soc.title";

export async function render(_params, query) {
  const places = await districts();
  const q = h("input", { name: "q", type: "search", value: query.q || "", maxlength: 80, autocomplete: "off" });
  const district = select("district", [["", t("soc.any_district")],
    ...places.map((d) => [d.code, local(d)]).sort((a, b) => a[1].localeCompare(b[1]))], query.district || "");
  const form = h("form", { class: "search", role: "search", onsubmit: (e) => { e.preventDefault(); go("/societies", formData(form)); } },
    field(t("soc.q"), q, t("soc.q_hint")), field(t("soc.district"), district),
    h("button", { type: "submit" }, t("soc.search")));
  const list = h("ul", { class: "results", "aria-live": "polite" });
  const more = h("div");
  const names = Object.fromEntries(places.map((d) => [d.code, d]));

  async function load(next) {
    try {
      const pageData = await api("/societies", { query: { q: query.q, district: query.district, limit: 20, next } });
      if (!next && !pageData.items.length) list.append(h("li", {}, t("soc.none")));
      list.append(...pageData.items.map((s) => h("li", { class: "result" },
        h("a", { href: `#/societies/${encodeURIComponent(s.reg_no)}` }, local(s)),
        h("span", { class: "muted" }, ` ${s.reg_no} · ${local(names[s.district]) || s.district}`))));
      more.replaceChildren(pageData.next ? h("button", { type: "button", class: "secondary",
        onclick: () => load(pageData.next) }, t("soc.more")) : "");
    } catch (error) {
      more.replaceChildren(failure(error));
    }
  }
  if (query.q || query.district) await load();
  return page("soc.title", form, list, more);
}
