// Hash routes (#/path?query): no server routing needed; each view module loads on first visit.
const ROUTES = [
  ["/", () => import("./views/home.js")],
  ["/signin", () => import("./views/signin.js")],
  ["/me", () => import("./views/me.js")],
  ["/staff", () => import("./views/staff.js")],
  ["/societies", () => import("./views/societies.js")],
  ["/societies/:reg", () => import("./views/society.js")],
  ["/grievances", () => import("./views/mine.js")],
  ["/grievances/new", () => import("./views/file.js")],
  ["/grievances/:urn", () => import("./views/grievance.js")],
  ["/track", () => import("./views/track.js")],
  ["/track/:urn", () => import("./views/track.js")],
  ["/inbox", () => import("./views/inbox.js")],
  ["/inbox/:urn", () => import("./views/grievance.js")],
  ["/search", () => import("./views/search.js")],
  ["/dashboard", () => import("./views/dashboard.js")],
  ["/dashboard/reconcile", () => import("./views/reconcile.js")],
  ["/counter", () => import("./views/counter.js")],
  ["/services", () => import("./views/services.js")],
  ["/applications", () => import("./views/applications.js")],
  ["/applications/:ack", () => import("./views/application.js")],
  ["/interest", () => import("./views/interest.js")],
];

function match(path) {
  const parts = path.split("/").filter(Boolean);
  for (const [pattern, load] of ROUTES) {
    const want = pattern.split("/").filter(Boolean);
    if (want.length !== parts.length) continue;
    const params = {};
    if (want.every((seg, i) => (seg.startsWith(":") ? (params[seg.slice(1)] = decodeURIComponent(parts[i])) : seg === parts[i]))) {
      return { load, params };
    }
  }
  return null;
}

export function where() {
  const [path, search = ""] = (location.hash.slice(1) || "/").split("?");
  return { path: path || "/", query: Object.fromEntries(new URLSearchParams(search)) };
}

export function go(path, query) {
  const search = query ? `?${new URLSearchParams(Object.entries(query).filter(([, v]) => v))}` : "";
  location.hash = `#${path}${search.length > 1 ? search : ""}`;
}

export function resolve() {
  const { path, query } = where();
  const found = match(path) || match("/");
  return { ...found, query, path };
}
