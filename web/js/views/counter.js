// The PACS counter: shown only when the API offers the counter services (interest subvention,
// guaranteed public services); until then this page says so.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { offers } from "../api.js";
import { page } from "./common.js";

export const title = () => "counter.title";

export async function render() {
  const paths = await offers();
  const available = paths.filter((p) => p.startsWith("/subvention") || p.startsWith("/lokseva"));
  return page("counter.title", h("p", {}, available.length ? t("counter.soon") : t("counter.none")));
}
