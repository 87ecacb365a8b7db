// The page's own form checks: no browser bubbles (forms are novalidate), each problem said in the
// page's language under its field and tied to it (aria-describedby, aria-invalid); the first
// field with a problem gets the focus. Server-side field errors use the same place (showError).
import { t } from "./i18n.js";

const CHOICE = new Set(["radio", "checkbox", "file", "select-one", "select-multiple"]);

function hintOf(control) {
  const hint = control.id && (control.form || document).querySelector(`#${CSS.escape(control.id)}-hint`);
  return hint ? hint.textContent : "";
}

export function problem(control) {
  const v = control.validity;
  if (v.valueMissing) return t(CHOICE.has(control.type) ? "v.choose" : "v.required");
  if (v.patternMismatch || v.typeMismatch || v.badInput) {
    if (control.dataset.invalid) return t(control.dataset.invalid);
    const hint = hintOf(control);
    return hint ? t("v.pattern_hint", { hint }) : t("v.pattern");
  }
  if (v.tooLong) return t("v.too_long", { n: control.maxLength });
  if (v.tooShort) return t("v.too_short", { n: control.minLength });
  if (v.rangeUnderflow) return t("v.min", { n: control.min });
  if (v.rangeOverflow) return t("v.max", { n: control.max });
  return t("v.pattern");
}

// Where a control's message goes: after the control (a radio group's: at the end of its fieldset).
function anchor(control) {
  return control.type === "radio" ? control.closest("fieldset") || control : control;
}

function errorId(control) {
  const base = control.type === "radio" ? `r-${control.name}` : control.id || `c-${control.name}`;
  return `${base}-error`;
}

function describedBy(control, id, on) {
  const ids = new Set((control.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean));
  if (on) ids.add(id); else ids.delete(id);
  if (ids.size) control.setAttribute("aria-describedby", [...ids].join(" "));
  else control.removeAttribute("aria-describedby");
}

function group(control) {
  return control.type === "radio" && control.form ? [...control.form.elements].filter((c) => c.name === control.name)
    : [control];
}

export function showError(control, text) {
  const id = errorId(control);
  let el = document.getElementById(id);
  if (!el) {
    el = document.createElement("p");
    el.id = id;
    el.className = "field-error";
    const where = anchor(control);
    if (where.tagName === "FIELDSET") where.append(el); else where.after(el);
  }
  el.textContent = text;
  for (const each of group(control)) {
    each.setAttribute("aria-invalid", "true");
    describedBy(each, id, true);
  }
}

export function clearError(control) {
  const id = errorId(control);
  document.getElementById(id)?.remove();
  for (const each of group(control)) {
    each.removeAttribute("aria-invalid");
    describedBy(each, id, false);
  }
}

// True when every field passes; otherwise each problem is shown and the first field focused.
export function checkForm(form) {
  let first = null;
  const seen = new Set();
  for (const control of form.elements) {
    if (!control.willValidate || (control.type === "radio" && seen.has(control.name))) continue;
    if (control.type === "radio") seen.add(control.name);
    if (control.validity.valid) {
      clearError(control);
      continue;
    }
    showError(control, problem(control));
    first ??= control;
  }
  first?.focus();
  return first === null;
}

// Called for every form the app builds (dom.h): runs before the form's own submit handlers.
export function guard(form) {
  form.noValidate = true;
  form.addEventListener("submit", (event) => {
    if (!checkForm(form)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  });
  const recheck = (event) => {
    const control = event.target;
    if (control.validity && control.getAttribute("aria-invalid") === "true" && control.validity.valid) clearError(control);
  };
  form.addEventListener("input", recheck);
  form.addEventListener("change", recheck);
}
