// A citizen's own place: everything they asked for, across services, and every message sent to them.
import { h } from "../dom.js";
import { t, when } from "../i18n.js";
import { api } from "../api.js";
import * as session from "../session.js";
import { go } from "../router.js";
import { page } from "./common.js";
import { groupRef } from "../refs.js";

export const title = () => "me.title";

const LINK = { grievance: (r) => `#/grievances/${r}`, lokseva: (r) => `#/applications/${r}`, registration: () => null };

function requestItem(entry) {
  const name = document.documentElement.lang === "en" ? entry.title_en : entry.title_hi;
  const href = LINK[entry.service](entry.reference);
  const ref = /^\d+$/.test(entry.reference) ? groupRef(entry.reference) : entry.reference;
  return h("li", { class: "result" },
    h("div", {}, h("span", { class: "muted" }, t(`me.service.${entry.service}`)), " · ",
      href ? h("a", { href }, ref) : ref),
    h("div", {}, name || entry.subject || ""),
    h("div", { class: "muted" }, `${t(`status.${entry.status}`)} · ${t("me.changed")}: ${when(entry.updated_at)}`));
}

function noteItem(note) {
  const item = h("li", { class: `result note ${note.read ? "read" : "unread"}` },
    h("div", { class: "muted" }, `${when(note.sent_at)} · ${note.read ? t("me.read") : t("me.unread")}`),
    h("p", {}, note.text));
  if (!note.read) {
    item.append(h("button", { type: "button", class: "link", onclick: async (event) => {
      event.target.disabled = true;
      const done = await api(`/me/notifications/${note.id}/read`, { method: "POST" });
      item.replaceWith(noteItem(done));
    } }, t("me.mark_read")));
  }
  return item;
}

function more(list, path, render) {
  return (next) => {
    if (!next) return null;
    const button = h("button", { type: "button", class: "link", onclick: async () => {
      button.remove();
      const page = await api(path, { query: { limit: 20, next } });
      list.append(...page.items.map(render));
      const again = more(list, path, render)(page.next);
      if (again) list.after(again);
    } }, t("me.more"));
    return button;
  };
}

export async function render() {
  if (!session.isCitizen(session.current())) {
    go("/signin", { next: "/me" });
    return h("p", {}, t("signin.needed"));
  }
  const [requests, notes] = await Promise.all([
    api("/me/requests", { query: { limit: 20 } }), api("/me/notifications", { query: { limit: 20 } })]);
  const requestList = h("ul", { class: "results", id: "my-requests" }, requests.items.map(requestItem));
  const noteList = h("ul", { class: "results", id: "my-notifications" }, notes.items.map(noteItem));
  return page("me.title",
    h("h2", {}, t("me.requests")),
    requests.items.length ? [requestList, more(requestList, "/me/requests", requestItem)(requests.next)]
      : h("p", {}, t("me.no_requests")),
    h("h2", {}, t("me.notifications")),
    notes.items.length ? [noteList, more(noteList, "/me/notifications", noteItem)(notes.next)]
      : h("p", {}, t("me.no_notifications")));
}
