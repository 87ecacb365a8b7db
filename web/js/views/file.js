// Filing a grievance: details, optional documents (uploaded and checked first), then the URN.
import { h, field, select, formData } from "../dom.js";
import { t, local } from "../i18n.js";
import { api, newKey, ApiError } from "../api.js";
import * as session from "../session.js";
import { go } from "../router.js";
import { categories, districts } from "../masters.js";
import { uploadDocument } from "../upload.js";
import { onSubmit, page, downloadPdf } from "./common.js";
import { categoryPicker } from "./categorypicker.js";
import { groupRef } from "../refs.js";

export const title = () => "file.title";
const TYPES = ["complaint", "demand", "information", "corruption"];
const ACCEPT = "application/pdf,image/jpeg,image/png";

export async function render(_params, query) {
  if (!session.isCitizen(session.current())) {
    go("/signin", { next: location.hash.slice(1) });
    return h("p", {}, t("signin.needed"));
  }
  const [cats, places] = await Promise.all([categories(), districts()]);
  const byName = (a, b) => a[1].localeCompare(b[1]);
  const files = h("input", { name: "files", type: "file", multiple: true, accept: ACCEPT });
  const progress = h("p", { class: "muted", "aria-live": "polite" });
  const form = h("form", { class: "stack" },
    field(t("file.type"), select("type", TYPES.map((x) => [x, t(`type.${x}`)]), "complaint")),
    categoryPicker(cats.filter((c) => c.open311)),
    field(t("file.district"), select("district", [["", t("file.choose")], ...places.map((d) => [d.code, local(d)]).sort(byName)],
      query.district || "", { required: true })),
    field(t("file.society"), h("input", { name: "society_reg_no", value: query.society || "", maxlength: 14,
      pattern: "[A-Z]{3}-\\d{4}-\\d{5}", autocomplete: "off" }), t("file.society_hint")),
    field(t("file.subject"), h("input", { name: "subject", required: true, maxlength: 150 })),
    field(t("file.description"), h("textarea", { name: "description", required: true, maxlength: 4000, rows: 6 })),
    field(t("file.documents"), files, t("file.documents_hint")),
    progress,
    h("button", { type: "submit" }, t("file.submit")));
  const holder = h("div", {}, form);
  let key = newKey();   // one filing, however many times the button is pressed
  onSubmit(form, async () => {
    const data = formData(form);
    const documents = [];
    for (const file of files.files) {
      progress.textContent = t("file.uploading", { name: file.name });
      const doc = await uploadDocument(file, "/grievances/documents", (id) => `/grievances/documents/${id}/confirm`);
      documents.push(doc.document_id);
    }
    progress.textContent = "";
    const body = { type: data.type, category: data.category, district: data.district, subject: data.subject,
      description: data.description, documents, society_reg_no: data.society_reg_no || undefined };
    let filed;
    try {
      filed = await api("/grievances", { method: "POST", body, idempotencyKey: key });
    } catch (error) {
      if (error instanceof ApiError) key = newKey();   // refused: a corrected form is a new filing
      throw error;
    }
    holder.replaceChildren(h("div", { class: "panel success", role: "status" },
      h("h2", {}, t("file.done")),
      h("p", {}, t("file.urn_is")), h("p", { class: "urn", id: "urn", "data-urn": filed.urn }, groupRef(filed.urn)),
      downloadPdf(t("ack.download"), `/grievances/${filed.urn}/acknowledgement`, `grievance-${filed.urn}.pdf`),
      h("p", {}, t("file.sms")),
      filed.possible_duplicate_of ? h("p", { class: "notice" }, t("file.duplicate", { urn: filed.possible_duplicate_of })) : null,
      h("a", { class: "button", href: `#/grievances/${filed.urn}` }, t("file.track"))));
    holder.querySelector("h2").setAttribute("tabindex", "-1");
    holder.querySelector("h2").focus();
  });
  return page("file.title", holder);
}
