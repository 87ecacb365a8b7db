// Reference numbers as people read them out: 10 digits grouped 1-4-5 ("2 0261 20345"); older
// numbers in fours. The API accepts them with or without the spaces.
export function groupRef(number) {
  const n = String(number || "");
  if (/^\d{10}$/.test(n)) return `${n[0]} ${n.slice(1, 5)} ${n.slice(5)}`;
  return n.replace(/(\d{4})(?=\d)/g, "$1 ");
}

export const plainRef = (text) => String(text || "").replace(/[\s-]/g, "");
