// The only way the app talks to the backend: JSON over HTTP (CORS) to the API named in /config.js.
import config from "../config.js";
import { lang } from "./i18n.js";
import * as session from "./session.js";

export const API = config.api;

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code;
    this.details = error.details || [];
    this.attemptsLeft = error.attempts_left;     // a wrong OTP: tries left
    this.retryAfter = error.retry_after;         // too soon: seconds to wait
  }
}

export async function api(path, { method = "GET", body, query, idempotencyKey } = {}) {
  const url = new URL(API + path);
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
  }
  const headers = { "Accept-Language": lang() };
  const who = session.current();
  if (who) headers.Authorization = `Bearer ${who.token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.status === 401 && who) session.clear();
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

// Which optional services this API offers (sections appear only when their paths exist).
// Read once per tab: the description is large, the list of paths small.
let offered;
export function offers() {
  const key = `paths:${API}`;
  const saved = sessionStorage.getItem(key);
  if (saved) return Promise.resolve(JSON.parse(saved));
  offered ??= fetch(`${API}/openapi.json`).then((r) => r.json()).then((doc) => {
    const paths = Object.keys(doc.paths || {});
    sessionStorage.setItem(key, JSON.stringify(paths));
    return paths;
  }).catch(() => { offered = undefined; return []; });
  return offered;
}

export const newKey = () => crypto.randomUUID();
