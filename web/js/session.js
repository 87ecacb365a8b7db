// The signed-in person: token and role, kept in this browser (localStorage) for the token's own
// lifetime, so a reload or a closed tab does not cost another OTP; past its expiry it is gone.
const KEY = "session";

export function current() {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) || "null");
    if (saved && saved.expires_at > Date.now()) return saved;
  } catch { /* a damaged entry is as good as none */ }
  localStorage.removeItem(KEY);
  return null;
}

export function save({ token, role, expires_in }, who) {
  localStorage.setItem(KEY, JSON.stringify({ token, role, who, expires_at: Date.now() + expires_in * 1000 }));
  window.dispatchEvent(new Event("sessionchange"));
}

export function clear() {
  localStorage.removeItem(KEY);
  window.dispatchEvent(new Event("sessionchange"));
}

// Another tab signed in or out: follow it.
window.addEventListener("storage", (event) => {
  if (event.key === KEY) window.dispatchEvent(new Event("sessionchange"));
});

export const isStaff = (s) => Boolean(s && s.role !== "citizen");
export const isCitizen = (s) => Boolean(s && s.role === "citizen");
