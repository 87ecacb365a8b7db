// A file picker in the page's language: the native input (its "Choose Files / No file chosen" is
// in the browser's language) sits invisibly over our own button, and the chosen names are listed
// below in the page's language. Keyboard and screen readers reach the real input, labelled by the
// field's label.
import { t } from "./i18n.js";

export function filePicker(input) {
  const face = document.createElement("span");
  face.className = "button secondary picker-face";
  face.setAttribute("aria-hidden", "true");
  face.textContent = t(input.multiple ? "pick.files" : "pick.file");
  const chosen = document.createElement("p");
  chosen.className = "muted picked";
  chosen.setAttribute("aria-live", "polite");
  const show = () => {
    const names = [...input.files].map((f) => f.name);
    chosen.textContent = names.length ? t("pick.chosen", { n: names.length, names: names.join(", ") }) : t("pick.none");
  };
  input.classList.add("picker-input");
  input.addEventListener("change", show);
  show();
  const box = document.createElement("span");
  box.className = "picker";
  box.append(face, input);
  const out = document.createElement("div");
  out.append(box, chosen);
  return { node: out, input };
}
