// Pieces several views share: error notices, busy forms, status badges, key-value lists.
import { h, notice } from "../dom.js";
import { t } from "../i18n.js";
import { showError } from "../check.js";

// The API's message is already in the reader's language. A field's detail goes under that field of
// the form (when there is one); the rest are listed without the API's field names, and a detail
// that only repeats the message is not said twice.
export function failure(error, form) {
  const details = [];
  for (const d of error.details || []) {
    const name = String(d.field || "").replace(/^(body|query|path)\./, "");
    let control = form && name ? form.elements.namedItem(name) : null;
    if (control instanceof RadioNodeList) control = control[0];
    if (control) showError(control, d.message);
    else if (d.message !== error.message) details.push(h("li", {}, d.message));
  }
  const text = error.status ? error.message : t("error.network");
  return h("div", { class: "notice error", role: "alert" }, h("p", {}, text),
    details.length ? h("ul", {}, details) : null);
}

// Runs a form's submit handler with the button disabled and errors shown above the button.
export function onSubmit(form, handler) {
  const slot = h("div", { class: "slot", "aria-live": "polite" });
  form.prepend(slot);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const buttons = form.querySelectorAll("button[type=submit]");
    buttons.forEach((b) => { b.disabled = true; });
    form.setAttribute("aria-busy", "true");
    slot.replaceChildren();
    try {
      await handler(event);
    } catch (error) {
      slot.replaceChildren(failure(error, form));
      slot.querySelector("[role=alert]")?.focus?.();
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
      form.removeAttribute("aria-busy");
    }
  });
  return form;
}

export function badge(status) {
  return h("span", { class: `badge s-${String(status).toLowerCase()}` }, t(`status.${status}`));
}

export function facts(pairs) {
  return h("dl", { class: "facts" },
    pairs.filter(([, value]) => value !== undefined && value !== null && value !== "")
      .map(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]));
}

export function page(titleKey, ...children) {
  return h("section", { class: "page" }, h("h1", { tabindex: "-1" }, t(titleKey)), children);
}

// A document is fetched through a short-lived link the API signs on request (and logs): the button
// asks for the link, then offers it as an ordinary download.
export function downloadButton(label, getLink) {
  const slot = h("span", { class: "download" });
  slot.append(h("button", { type: "button", class: "link", onclick: async () => {
    try {
      const link = await getLink();
      slot.replaceChildren(h("a", { href: link.url, download: link.name || "", class: "download-link" },
        t("doc.download", { name: label })));
      slot.querySelector("a").focus();
    } catch (error) {
      slot.replaceChildren(failure(error));
    }
  } }, label));
  return slot;
}

export { notice };

// A PDF the API renders on request (an acknowledgement): fetched with the session's token, then
// offered as an ordinary download link (and opened, so it can be printed).
export function downloadPdf(label, path, filename) {
  const slot = h("p", { class: "download" });
  const button = h("button", { type: "button", class: "button", id: "ack-download", onclick: async () => {
    button.disabled = true;
    try {
      const { API } = await import("../api.js");
      const session = await import("../session.js");
      const who = session.current();
      const response = await fetch(API + path, { headers: { Accept: "application/pdf",
        ...(who ? { Authorization: `Bearer ${who.token}` } : {}) } });
      if (!response.ok) throw new Error(t("ack.failed"));
      const url = URL.createObjectURL(await response.blob());
      const link = h("a", { href: url, download: filename, class: "download-link", id: "ack-link" }, t("ack.ready"));
      slot.replaceChildren(link);
      link.focus();
    } catch (error) {
      slot.replaceChildren(h("span", { class: "notice error", role: "alert" }, error.message || t("ack.failed")));
    } finally {
      button.disabled = false;
    }
  } }, label);
  slot.append(button);
  return slot;
}
