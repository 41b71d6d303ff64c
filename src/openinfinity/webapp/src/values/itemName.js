// An item's name: its value of the board's first text attribute (the "Name" column), else "Untitled".
import { useEffect, useState } from "../lib/html.js";
import { api } from "../api/client.js";

export function nameAttribute(attributes) {
  return (attributes || []).find((a) => a.type === "text") || null;
}

export function itemName(item, attributes) {
  const attribute = nameAttribute(attributes);
  if (!item || !attribute) return "Untitled";
  const value = (item.values || []).find((v) => v.attribute_id === attribute.id);
  return (value && value.data) || "Untitled";
}

// Names of items not in the store (references to items further down the list), read once each.
const fetched = new Map();

/** The names of `ids`: from the store's items when loaded, else read from the API (same board). */
export function useItemNames(ids, store) {
  const [, setTick] = useState(0);
  const state = store ? store.get() : null;
  useEffect(() => {
    if (!store || !Array.isArray(ids)) return;
    const missing = ids.filter((id) => !state.items[id] && !fetched.has(id));
    missing.forEach((id) => {
      fetched.set(id, null);
      api
        .get(`${store.base}/items/${id}`, { "expand[]": ["values"] })
        .then((item) => fetched.set(id, itemName(item, store.get().attributes)))
        .catch(() => fetched.set(id, `Item ${String(id).slice(0, 8)}`))
        .finally(() => setTick((t) => t + 1));
    });
  }, [ids && ids.join(","), store]);
  if (!Array.isArray(ids)) return [];
  return ids.map((id) => {
    if (state && state.items[id]) return { id, name: itemName(state.items[id], state.attributes) };
    return { id, name: fetched.get(id) || "…" };
  });
}
