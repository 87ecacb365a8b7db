// Public tracking by URN: status, level, office and dates; no personal data, no sign-in.
import { h, field } from "../dom.js";
import { t, local, when } from "../i18n.js";
import { api } from "../api.js";
import { go } from "../router.js";
import { badge, facts, failure, page } from "./common.js";

export const title = () => "track.title";

export async function render(params) {
  const urn = h("input", { name: "urn", inputmode: "numeric", autocomplete: "off", required: true,
    pattern: "\\d{10}", maxlength: 10, value: params.urn || "" });
  const form = h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); go(`/track/${urn.value.trim()}`); } },
    field(t("track.urn"), urn, t("track.urn_hint")), h("button", { type: "submit" }, t("track.go")));
  let result = null;
  if (params.urn) {
    try {
      const g = await api(`/public/grievances/${encodeURIComponent(params.urn)}`);
      result = h("article", { class: "panel", "aria-labelledby": "track-result" },
        h("h2", { id: "track-result" }, t("track.result", { urn: g.urn })),
        facts([
          [t("g.status"), badge(g.status)],
          [t("g.level"), t("g.level_n", { n: g.level })],
          [t("g.category"), local(g, "category_name") || g.category],
          [t("g.office"), local(g, "office_name") || g.office],
          [t("g.district"), local(g, "district_name")],
          [t("g.filed"), when(g.created_at)],
          [t("g.due"), when(g.due_at)],
          [t("g.updated"), when(g.updated_at)],
          [t("g.disposed"), g.disposed_at ? when(g.disposed_at) : null],
        ]));
    } catch (error) {
      result = failure(error);
    }
  }
  return page("track.title", h("p", {}, t("track.lead")), form, result);
}
