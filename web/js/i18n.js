// Hindi by default, English on request; the choice is remembered on this device. Only the
// language in use is loaded (both files carry the same keys: tests/e2e/test_web_static.py).
const STRINGS = {};
let current = localStorage.getItem("lang") === "en" ? "en" : "hi";

async function load(code) {
  STRINGS[code] ??= (await import(`./strings/${code}.js`)).default;
}

await load(current);

export function lang() {
  return current;
}

export async function setLang(next) {
  const code = next === "en" ? "en" : "hi";
  await load(code);
  current = code;
  localStorage.setItem("lang", current);
  document.documentElement.lang = current;
  window.dispatchEvent(new Event("langchange"));
}

// t("key", {n: 3}) -> the string in the current language with {n} filled in.
export function t(key, vars = {}) {
  const text = STRINGS[current][key] ?? vars.fallback ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ""));
}

// Master data carries both names: name_hi / name_en (or any prefix).
export function local(record, prefix = "name") {
  if (!record) return "";
  return record[`${prefix}_${current}`] || record[`${prefix}_hi`] || record[`${prefix}_en`] || "";
}

const LOCALES = { hi: "hi-IN", en: "en-IN" };

// Times are stored in UTC and shown in India time, the month in full ("8 फ़रवरी 2026"), the
// clock 24-hour (hi-IN's own 12-hour clock writes "am/pm" in Latin letters).
export function when(iso, withTime = true) {
  if (!iso) return "—";
  const options = { day: "numeric", month: "long", year: "numeric", timeZone: "Asia/Kolkata" };
  if (withTime) Object.assign(options, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return new Intl.DateTimeFormat(LOCALES[current], options).format(new Date(iso));
}

// Indian digit grouping (1,00,000) in either language.
export function number(value) {
  return new Intl.NumberFormat(LOCALES[current]).format(value);
}

// Money comes as a decimal string ("953.42"); shown with the rupee sign and two decimals.
export function rupees(value) {
  return `₹${new Intl.NumberFormat(LOCALES[current], { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    .format(Number(value))}`;
}
