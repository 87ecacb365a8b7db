// A society's public page: registry details and what it filed (documents downloadable when signed in).
import { h } from "../dom.js";
import { t, local, when, number } from "../i18n.js";
import { api, offers } from "../api.js";
import * as session from "../session.js";
import { badge, downloadButton, facts, failure, page } from "./common.js";

export const title = () => "soc.page";

export async function render(params) {
  const s = await api(`/societies/${encodeURIComponent(params.reg)}`);
  const head = h("section", { class: "panel" },
    h("h2", {}, local(s)), h("p", { class: "muted", lang: "en" }, s.name_en),
    facts([
      [t("soc.reg_no"), s.reg_no], [t("soc.type"), local(s, "type_name")], [t("soc.district"), local(s, "district_name")],
      [t("soc.address"), s.address], [t("soc.registered_on"), when(s.registered_on, false)],
      [t("soc.status"), t(`soc.status.${s.status}`)], [t("soc.members"), s.members == null ? null : number(s.members)],
      [t("soc.contact"), s.contact_mobile],
    ]),
    h("a", { class: "button", href: `#/grievances/new?society=${encodeURIComponent(s.reg_no)}&district=${s.district}` },
      t("soc.complain")));
  const filings = (await offers()).includes("/filings/societies/{reg_no}") ? await filed(s.reg_no) : null;
  return page("soc.page", head, filings);
}

async function filed(regNo) {
  try {
    const data = await api(`/filings/societies/${encodeURIComponent(regNo)}`);
    const rows = data.returns.map((r) => h("tr", {},
      h("td", {}, r.financial_year), h("td", {}, local(r, "return_type_name") || r.return_type),
      h("td", {}, badge(r.status)), h("td", {}, when(r.filed_at, false)),
      h("td", {}, r.documents.map((d) => h("div", {}, document(d))))));
    const outstanding = data.outstanding.map((o) => h("li", {},
      `${o.financial_year} · ${local(o, "return_type_name") || o.return_type} · ${t(`status.${o.status}`)} (${when(o.due_on, false)})`));
    return h("section", { class: "panel" }, h("h2", {}, t("soc.filings")),
      rows.length ? h("div", { class: "scroll" }, h("table", {}, h("thead", {}, h("tr", {},
        ["soc.year", "soc.return", "g.status", "soc.filed_on", "soc.documents"].map((k) => h("th", { scope: "col" }, t(k))))),
      h("tbody", {}, rows))) : h("p", {}, t("soc.no_filings")),
      outstanding.length ? [h("h3", {}, t("soc.outstanding")), h("ul", {}, outstanding)] : null);
  } catch (error) {
    return failure(error);
  }
}

function document(doc) {
  const label = `${doc.name} (${Math.ceil(doc.size / 1024)} KB)`;
  if (!session.current()) return h("span", {}, label, " ", h("small", { class: "muted" }, t("soc.sign_in_to_read")));
  return downloadButton(label, () => api(`/filings/documents/${doc.document_id}/url`));
}
