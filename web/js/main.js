// Start-up: the header (brand, menu, language switch), then whichever view the address names.
import { h } from "./dom.js";
import { t, lang, setLang } from "./i18n.js";
import * as session from "./session.js";
import { resolve } from "./router.js";
import { offers } from "./api.js";
import { failure } from "./views/common.js";

const main = document.getElementById("main");
const nav = document.getElementById("nav");
const switcher = document.getElementById("lang");
let optional = [];
let rendering = 0;

function link(href, key) {
  const here = (location.hash || "#/").split("?")[0] === href;
  return h("li", {}, h("a", { href, "aria-current": here ? "page" : null }, t(key)));
}

function drawHeader() {
  document.documentElement.lang = lang();
  document.getElementById("brand").textContent = t("app.name");
  document.getElementById("skip").textContent = t("app.skip");
  nav.setAttribute("aria-label", t("nav.label"));
  switcher.textContent = lang() === "hi" ? "English" : "हिन्दी";
  switcher.setAttribute("lang", lang() === "hi" ? "en" : "hi");
  switcher.setAttribute("aria-label", t("nav.switch"));
  const who = session.current();
  const lokseva = optional.includes("lokseva");
  const items = [link("#/", "nav.home"), link("#/societies", "nav.societies"), link("#/track", "nav.track")];
  if (session.isCitizen(who)) items.push(link("#/grievances/new", "nav.file"), link("#/grievances", "nav.mine"), link("#/me", "nav.me"));
  if (lokseva && (!session.isStaff(who) || who.role === "society")) items.push(link("#/services", "nav.services"));
  if (lokseva && session.isCitizen(who)) items.push(link("#/applications", "nav.applications"));
  if (who && who.role === "pacs_operator") items.push(link("#/counter", "nav.counter"));
  else if (session.isStaff(who)) items.push(link("#/inbox", "nav.inbox"), link("#/search", "nav.search"), link("#/dashboard", "nav.dashboard"));
  if (optional.includes("subvention") && (!session.isStaff(who) || who.role === "pacs_operator")) {
    items.push(link("#/interest", "nav.interest"));
  }
  if (!who) items.push(link("#/signin", "nav.signin"), link("#/staff", "nav.staff"));
  const out = who ? h("li", {}, h("span", { class: "who" }, t("nav.who", { who: who.who || "" })), " ",
    h("button", { type: "button", class: "link", onclick: () => session.clear() }, t("nav.signout"))) : null;
  nav.replaceChildren(h("ul", {}, items, out));
}

async function draw(focus = true) {
  const ticket = ++rendering;
  drawHeader();
  const { load, params, query } = resolve();
  try {
    const view = await load();
    const node = await view.render(params, query);
    if (ticket !== rendering) return;            // a newer navigation won
    document.title = `${t(view.title(params))} · ${t("app.name")}`;
    main.replaceChildren(node);
  } catch (error) {
    if (ticket !== rendering) return;
    main.replaceChildren(failure(error));
  }
  main.dataset.route = location.hash;   // which address the content shows (tests wait on it)
  if (focus) (main.querySelector("h1") || main).focus();
}

switcher.addEventListener("click", () => setLang(lang() === "hi" ? "en" : "hi"));
window.addEventListener("hashchange", () => draw());
window.addEventListener("langchange", () => draw(false));
window.addEventListener("sessionchange", () => {
  if (!session.current()) location.hash = "#/";
  drawHeader();
});

draw(false);
offers().then((paths) => {
  optional = ["lokseva", "subvention"].filter((name) => paths.some((p) => p.startsWith(`/${name}`)));
  drawHeader();
});
