// Choosing a grievance category on purpose: a search box over the categories, each with its
// one-line description; nothing is chosen until the citizen chooses (a wrong default misroutes).
import { h } from "../dom.js";
import { t, lang } from "../i18n.js";

const words = (text) => String(text || "").toLocaleLowerCase();

export function categoryPicker(cats) {
  const name = (c) => (lang() === "en" ? c.name_en : c.name_hi);
  const about = (c) => (lang() === "en" ? c.description_en : c.description_hi) || "";
  const search = h("input", { type: "search", id: "category-search", autocomplete: "off",
    "aria-controls": "category-list", placeholder: t("cat.search") });
  const none = h("p", { class: "muted", hidden: true }, t("cat.none"));
  const options = cats.map((c) => h("label", { class: "choice", "data-text": words(`${c.name_hi} ${c.name_en} ${about(c)}`) },
    h("input", { type: "radio", name: "category", value: c.code, required: true }),
    h("span", {}, h("strong", {}, name(c)), h("small", { class: "hint" }, about(c)))));
  search.addEventListener("input", () => {
    const want = words(search.value).trim();
    let shown = 0;
    for (const option of options) {
      const match = !want || option.dataset.text.includes(want);
      option.hidden = !match;
      shown += match ? 1 : 0;
    }
    none.hidden = shown > 0;
  });
  return h("fieldset", { class: "field categories" },
    h("legend", {}, t("file.category")),
    h("label", { for: "category-search", class: "hint" }, t("cat.search_label")), search,
    h("div", { id: "category-list", role: "radiogroup" }, options), none);
}
