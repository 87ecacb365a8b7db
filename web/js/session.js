// The signed-in person: token and role, kept for this browser tab only.
const KEY = "session";

export function current() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
    if (saved && saved.expires_at > Date.now()) return saved;
  } catch { /* a damaged entry is as good as none */ }
  sessionStorage.removeItem(KEY);
  return null;
}

export function save({ token, role, expires_in }, who) {
  sessionStorage.setItem(KEY, JSON.stringify({ token, role, who, expires_at: Date.now() + expires_in * 1000 }));
  window.dispatchEvent(new Event("sessionchange"));
}

export function clear() {
  sessionStorage.removeItem(KEY);
  window.dispatchEvent(new Event("sessionchange"));
}

export const isStaff = (s) => Boolean(s && s.role !== "citizen");
export const isCitizen = (s) => Boolean(s && s.role === "citizen");
