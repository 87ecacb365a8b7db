// Building DOM nodes without innerHTML: text from the API is never parsed as markup.
import { guard } from "./check.js";
import { filePicker } from "./picker.js";

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  if (tag === "form") guard(el);            // our own checks, in the page's language, before any handler
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

let uid = 0;

// A labelled form control; the label is tied to the control for screen readers and clicks.
export function field(label, control, hint) {
  const id = control.id || `f${++uid}`;
  control.id = id;
  const hintEl = hint ? h("small", { id: `${id}-hint`, class: "hint" }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  const shown = control.type === "file" ? filePicker(control).node : control;
  return h("div", { class: "field" }, h("label", { for: id }, label), shown, hintEl);
}

export function select(name, options, chosen, attrs = {}) {
  return h("select", { name, ...attrs },
    options.map(([value, text]) => h("option", { value, selected: value === chosen }, text)));
}

// Text for people: a polite live region reads it out; errors are assertive.
export function notice(text, kind = "info") {
  return h("p", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

export function formData(form) {
  const out = {};
  for (const [key, value] of new FormData(form).entries()) {
    if (typeof value === "string") out[key] = value.trim();
  }
  return out;
}
