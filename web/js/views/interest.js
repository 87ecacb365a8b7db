// The interest calculator, public (farmers, PACS, banks; no sign-in): a crop loan's drawals and
// repayments in, the interest the farmer pays and each subvention component out (computed by the
// API, to the paisa). Seasons by name in the page's language; dates typed day/month/year.
import { h, field, select } from "../dom.js";
import { t, number, rupees } from "../i18n.js";
import { api } from "../api.js";
import { facts, onSubmit, page } from "./common.js";

export const title = () => "calc.title";

export async function render() {
  return page("calc.title", await calculator());
}

// "kharif-2025" -> "खरीफ 2025" / "Kharif 2025"
export function seasonName(season) {
  const [kind, year] = String(season.code || season).split("-");
  return `${t(`season.${kind}`, { fallback: kind })} ${season.year || year || ""}`.trim();
}

function dateInput(name, label) {
  return h("input", { name, required: true, inputmode: "numeric", maxlength: 10, autocomplete: "off",
    placeholder: t("form.date_placeholder"), "aria-label": label });
}

// dd/mm/yyyy (what people type) -> yyyy-mm-dd (what the API takes); anything else is passed on as typed.
export function isoDate(text) {
  const found = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(String(text).trim());
  return found ? `${found[3]}-${found[2].padStart(2, "0")}-${found[1].padStart(2, "0")}` : String(text).trim();
}

export function dmy(iso) {
  const [y, m, d] = String(iso).split("-");
  return d ? `${d}/${m}/${y}` : iso;
}

const COMPONENTS = ["base_interest", "goi_interest_subvention", "state_normal_subsidy", "goi_prompt_repayment_incentive",
  "state_prompt_incentive", "overdue_interest"];

function row(type = "drawal") {
  const tr = h("tr", {},
    h("td", {}, dateInput("date", t("calc.date"))),
    h("td", {}, select("type", [["drawal", t("calc.drawal")], ["repayment", t("calc.repayment")]], type, { "aria-label": t("calc.type") })),
    h("td", {}, h("input", { name: "amount", required: true, inputmode: "decimal", pattern: "\\d{1,10}(\\.\\d{1,2})?",
      "aria-label": t("calc.amount") })),
    h("td", {}, h("button", { type: "button", class: "link", onclick: () => tr.remove() }, t("calc.remove"))));
  return tr;
}

export async function calculator() {
  const seasons = await api("/subvention/seasons").catch(() => []);
  const due = dateInput("due_date", t("calc.due"));
  const season = select("season", [["", t("file.choose")], ...seasons.map((s) => [s.code, seasonName(s)])], "", {
    onchange: () => { const s = seasons.find((x) => x.code === season.value); if (s) due.value = dmy(s.effective_due_date); } });
  const body = h("tbody", {}, row("drawal"), row("repayment"));
  const result = h("div", { "aria-live": "polite" });
  const form = onSubmit(h("form", { class: "stack", id: "interest", novalidate: true },
    field(t("calc.scheme"), select("scheme", [["mp-zero-interest", t("calc.mp")], ["miss", t("calc.miss")]], "mp-zero-interest")),
    field(t("calc.purpose"), select("purpose", ["crop", "animal_husbandry", "fisheries"].map((p) => [p, t(`calc.${p}`)]), "crop")),
    seasons.length ? field(t("calc.season"), season) : null,
    field(t("calc.due"), due),
    h("div", { class: "scroll" }, h("table", {}, h("caption", {}, t("calc.loan")),
      h("thead", {}, h("tr", {}, ["calc.date", "calc.type", "calc.amount", ""].map((k) => h("th", { scope: "col" }, k ? t(k) : "")))),
      body)),
    h("p", {}, h("button", { type: "button", class: "secondary", onclick: () => body.append(row()) }, t("calc.add"))),
    h("button", { type: "submit" }, t("calc.go")), result), async () => {
    const transactions = [...body.querySelectorAll("tr")].map((tr) => ({ date: isoDate(tr.querySelector("[name=date]").value),
      type: tr.querySelector("[name=type]").value, amount: tr.querySelector("[name=amount]").value.trim() }));
    const data = Object.fromEntries(new FormData(form));
    const out = await api("/subvention/calculate", { method: "POST", body: { scheme: data.scheme, purpose: data.purpose,
      due_date: isoDate(data.due_date), transactions } });
    result.replaceChildren(h("div", { class: "panel success" },
      h("p", {}, t("calc.farmer_pays"), " ", h("strong", { class: "urn", id: "farmer-interest" }, rupees(out.farmer_interest))),
      h("p", {}, out.prompt ? t("calc.prompt") : t("calc.not_prompt")),
      facts([...COMPONENTS.map((c) => [t(`calc.${c}`), rupees(out[c])]), [t("calc.season"), out.season ? seasonName(out.season) : null],
        [t("calc.days_product"), number(out.interest_days_product)]])));
  });
  return h("section", { class: "panel" }, h("p", {}, t("calc.lead")), form);
}
