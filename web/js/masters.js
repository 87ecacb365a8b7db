// Master data the forms need, fetched once per page load.
import { api } from "./api.js";

const cache = new Map();
const once = (path) => {
  if (!cache.has(path)) cache.set(path, api(path).catch((e) => { cache.delete(path); throw e; }));
  return cache.get(path);
};

export const districts = () => once("/geo/districts");
export const societyTypes = () => once("/geo/society-types");
export const categories = () => once("/grievances/categories");

export async function districtName(code, local) {
  const found = (await districts()).find((d) => d.code === code);
  return found ? local(found) : code;
}
