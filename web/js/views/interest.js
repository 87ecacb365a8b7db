// The interest calculator at the PACS counter: a crop loan's drawals and repayments in, the
// interest the farmer pays and each subvention component out (computed by the API, to the paisa).
import { h, field, select } from "../dom.js";
import { t, number, rupees } from "../i18n.js";
import { api } from "../api.js";
import { facts, onSubmit } from "./common.js";

const COMPONENTS = ["base_interest", "goi_interest_subvention", "state_normal_subsidy", "goi_prompt_repayment_incentive",
  "state_prompt_incentive", "overdue_interest"];

function row(type = "drawal") {
  const tr = h("tr", {},
    h("td", {}, h("input", { type: "date", name: "date", required: true, "aria-label": t("calc.date") })),
    h("td", {}, select("type", [["drawal", t("calc.drawal")], ["repayment", t("calc.repayment")]], type, { "aria-label": t("calc.type") })),
    h("td", {}, h("input", { name: "amount", required: true, inputmode: "decimal", pattern: "\\d{1,10}(\\.\\d{1,2})?",
      "aria-label": t("calc.amount") })),
    h("td", {}, h("button", { type: "button", class: "link", onclick: () => tr.remove() }, t("calc.remove"))));
  return tr;
}

export async function calculator() {
  const seasons = await api("/subvention/seasons").catch(() => []);
  const due = h("input", { type: "date", name: "due_date", required: true });
  const season = select("season", [["", t("file.choose")], ...seasons.map((s) => [s.code, s.code])], "", {
    onchange: () => { const s = seasons.find((x) => x.code === season.value); if (s) due.value = s.effective_due_date; } });
  const body = h("tbody", {}, row("drawal"), row("repayment"));
  const result = h("div", { "aria-live": "polite" });
  const form = onSubmit(h("form", { class: "stack", id: "interest" },
    field(t("calc.scheme"), select("scheme", [["mp-zero-interest", t("calc.mp")], ["miss", t("calc.miss")]], "mp-zero-interest")),
    field(t("calc.purpose"), select("purpose", ["crop", "animal_husbandry", "fisheries"].map((p) => [p, t(`calc.${p}`)]), "crop")),
    seasons.length ? field(t("calc.season"), season) : null,
    field(t("calc.due"), due),
    h("div", { class: "scroll" }, h("table", {}, h("caption", {}, t("calc.loan")),
      h("thead", {}, h("tr", {}, ["calc.date", "calc.type", "calc.amount", ""].map((k) => h("th", { scope: "col" }, k ? t(k) : "")))),
      body)),
    h("p", {}, h("button", { type: "button", class: "secondary", onclick: () => body.append(row()) }, t("calc.add"))),
    h("button", { type: "submit" }, t("calc.go")), result), async () => {
    const transactions = [...body.querySelectorAll("tr")].map((tr) => ({ date: tr.querySelector("[name=date]").value,
      type: tr.querySelector("[name=type]").value, amount: tr.querySelector("[name=amount]").value.trim() }));
    const data = Object.fromEntries(new FormData(form));
    const out = await api("/subvention/calculate", { method: "POST", body: { scheme: data.scheme, purpose: data.purpose,
      due_date: data.due_date, transactions } });
    result.replaceChildren(h("div", { class: "panel success" },
      h("p", {}, t("calc.farmer_pays"), " ", h("strong", { class: "urn", id: "farmer-interest" }, rupees(out.farmer_interest))),
      h("p", {}, out.prompt ? t("calc.prompt") : t("calc.not_prompt")),
      facts([...COMPONENTS.map((c) => [t(`calc.${c}`), rupees(out[c])]), [t("calc.season"), out.season],
        [t("calc.days_product"), number(out.interest_days_product)]])));
  });
  return h("section", { class: "panel" }, h("h2", {}, t("counter.interest")), h("p", {}, t("calc.lead")), form);
}
