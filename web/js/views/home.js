// The front page: what a person can do here, and public tracking by URN.
import { h, field } from "../dom.js";
import { t } from "../i18n.js";
import * as session from "../session.js";
import { go } from "../router.js";
import { offers } from "../api.js";

export const title = () => "home.title";

function card(href, key) {
  return h("li", { class: "card" }, h("a", { href }, h("strong", {}, t(`${key}.title`)), h("span", {}, t(`${key}.text`))));
}

export function render() {
  const who = session.current();
  const urn = h("input", { name: "urn", inputmode: "numeric", autocomplete: "off", pattern: "\\d{10}", maxlength: 10,
    required: true });
  const form = h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); go(`/track/${urn.value.trim()}`); } },
    field(t("track.urn"), urn, t("track.urn_hint")), h("button", { type: "submit" }, t("track.go")));
  const cards = [card("#/societies", "home.societies"), card("#/track", "home.track")];
  if (session.isCitizen(who)) cards.unshift(card("#/grievances/new", "home.file"), card("#/grievances", "home.mine"));
  else if (who && who.role === "pacs_operator") cards.unshift(card("#/counter", "home.counter"));
  else if (session.isStaff(who)) cards.unshift(card("#/inbox", "home.inbox"), card("#/dashboard", "home.dashboard"));
  else cards.unshift(card("#/signin", "home.citizen"), card("#/staff", "home.staff"));
  const list = h("ul", { class: "cards" }, cards);
  // Optional services show up once the API's description says they exist (never blocks the page).
  offers().then((paths) => {
    if (paths.includes("/lokseva/services") && !session.isStaff(who)) list.append(card("#/services", "home.services"));
    if (paths.includes("/subvention/calculate")) list.append(card("#/interest", "home.interest"));
  });
  return h("section", { class: "page" },
    h("h1", { tabindex: "-1" }, t("home.title")),
    h("p", { class: "lead" }, t("home.lead")),
    list,
    h("h2", {}, t("track.title")), form);
}
