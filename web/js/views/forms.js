// What a service application carries, drawn from the catalogue's own definitions (the server checks
// the same): a searchable service list with a line about each (nothing chosen for you), the
// service's questions, its documents to upload, and a society picker for services about a society.
import { h, field, select } from "../dom.js";
import { t, local, number } from "../i18n.js";
import { api } from "../api.js";
import { uploadDocument } from "../upload.js";

export function limitText(service) {
  const { days, kind } = service.time_limit;
  return days === 0 ? t("svc.same_day") : t(kind === "working" ? "svc.working_days" : "svc.days", { n: days });
}

const fold = (text) => String(text || "").toLocaleLowerCase();

// Radio buttons under a search box; `onPick(service)` when one is chosen. The department's own
// services first, then the rest, each group by name.
export function servicePicker(catalogue, onPick) {
  const byName = (a, b) => local(a).localeCompare(local(b));
  const sorted = [...catalogue.filter((s) => s.department === "cooperation").sort(byName),
    ...catalogue.filter((s) => s.department !== "cooperation").sort(byName)];
  const search = h("input", { type: "search", name: "service_search", autocomplete: "off", maxlength: 60 });
  const items = sorted.map((s) => {
    const radio = h("input", { type: "radio", name: "service", value: s.code, required: true,
      onchange: () => onPick(s) });
    const row = h("li", { class: "pick" }, h("label", { class: "choice" }, radio, " ",
      h("span", {}, h("strong", {}, local(s)), h("small", { class: "muted block" },
        local(s, "description"), " · ", limitText(s), " · ₹", number(Number(s.fee))))));
    row.dataset.text = fold([s.name_hi, s.name_en, s.description_hi, s.description_en, s.code].join(" "));
    return row;
  });
  const empty = h("li", { class: "muted", hidden: true }, t("form.no_service"));
  search.addEventListener("input", () => {
    const words = fold(search.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of items) {
      row.hidden = !words.every((w) => row.dataset.text.includes(w));
      if (!row.hidden) shown += 1;
    }
    empty.hidden = shown > 0;
  });
  return h("fieldset", { class: "service-picker" }, h("legend", {}, t("svc.service")),
    field(t("form.find_service"), search, t("form.find_hint")),
    h("ul", { class: "picks", role: "list" }, items, empty));
}

// Search societies by name or number (GET /societies?q=); the choice is a radio named "society".
export function societyPicker(hint) {
  const q = h("input", { type: "search", name: "society_q", autocomplete: "off", maxlength: 80 });
  const list = h("ul", { class: "picks", "aria-live": "polite" });
  let ticket = 0;
  async function find() {
    const text = q.value.trim();
    const mine = ++ticket;
    if (text.length < 2) { list.replaceChildren(); return; }
    const byNumber = /^[a-z]{2,5}-\d{4}-\d{5}$/i.test(text);
    let found = [];
    try {
      if (byNumber) found = [await api(`/societies/${encodeURIComponent(text.toUpperCase())}`)];
      else found = (await api("/societies", { query: { q: text, limit: 8 } })).items;
    } catch {
      found = [];
    }
    if (mine !== ticket) return;
    list.replaceChildren(...(found.length ? found.map((s) => h("li", { class: "pick" }, h("label", { class: "choice" },
      h("input", { type: "radio", name: "society", value: s.reg_no, required: true }), " ",
      h("span", {}, h("strong", {}, local(s)), h("small", { class: "muted block" }, s.reg_no))))) :
      [h("li", { class: "muted" }, t("soc.none"))]));
  }
  let timer;
  q.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(find, 250); });
  return h("fieldset", { class: "society-picker" }, h("legend", {}, t("form.society")),
    field(t("form.find_society"), q, hint || t("form.society_hint")), list);
}

function control(spec) {
  const name = `form.${spec.name}`;
  const common = { name, required: spec.required || null };
  if (spec.type === "textarea") return h("textarea", { ...common, rows: 3, maxlength: spec.max_length });
  if (spec.type === "choice") {
    return select(name, [["", t("file.choose")], ...spec.options.map((o) => [o.value, local(o, "label")])], "",
      { required: spec.required || null });
  }
  if (spec.type === "number") return h("input", { ...common, inputmode: "decimal", autocomplete: "off" });
  if (spec.type === "date") return h("input", { ...common, inputmode: "numeric", placeholder: t("form.date_placeholder"),
    autocomplete: "off", maxlength: 10 });
  return h("input", { ...common, maxlength: spec.max_length });
}

function hintOf(spec) {
  const parts = [local(spec, "help")];
  if (spec.type === "number") parts.push(t("form.range", { low: number(spec.minimum), high: number(spec.maximum) }));
  if (spec.type === "date") parts.push(t("form.date_hint"));
  if (!spec.required) parts.push(t("form.optional"));
  return parts.filter(Boolean).join(" · ") || undefined;
}

export function questions(service) {
  if (!service.form || !service.form.length) return null;
  return h("fieldset", { class: "questions" }, h("legend", {}, t("form.questions")),
    service.form.map((spec) => field(local(spec, "label"), control(spec), hintOf(spec))));
}

export function documentInputs(service) {
  if (!service.documents || !service.documents.length) return null;
  return h("fieldset", { class: "documents" }, h("legend", {}, t("form.documents")),
    h("p", { class: "hint" }, t("form.documents_hint")),
    service.documents.map((d) => field(`${local(d)}${d.required ? "" : ` (${t("form.optional")})`}`,
      h("input", { type: "file", name: `doc.${d.code}`, accept: "application/pdf,image/png,image/jpeg",
        required: d.required || null }))));
}

// The answers as the API takes them, and each chosen file uploaded and checked first.
export async function collect(form, service) {
  const answers = {};
  for (const spec of service.form || []) {
    const value = form.querySelector(`[name="form.${spec.name}"]`)?.value.trim();
    if (value) answers[spec.name] = value;
  }
  const documents = [];
  for (const d of service.documents || []) {
    const file = form.querySelector(`[name="doc.${d.code}"]`)?.files?.[0];
    if (!file) continue;
    const doc = await uploadDocument(file, "/lokseva/documents", (id) => `/lokseva/documents/${id}/confirm`);
    documents.push({ code: d.code, document_id: doc.document_id });
  }
  const society = form.querySelector("input[name=society]:checked")?.value;
  return { form: answers, documents, society: society || undefined };
}

// The API's own message already names the question or document in the page's language; the
// field-by-field details (for programs) would only repeat it in English.
const SELF_EXPLAINED = /^(FORM_|DOCUMENT_|SOCIETY_|FEE_DIFFERS|PERSON_SERVICE_ONLY)/;
export function plain(error) {
  if (error && SELF_EXPLAINED.test(error.code || "")) error.details = [];
  return error;
}
