// An item's name: its value of the board's first text attribute (the "Name" column), else "Untitled".
// References may point at items of other boards: their names are looked up once per page load,
// this board first, then the workspace's other boards (an item of a board you cannot see stays unnamed).
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

const names = new Map(); // item id -> name, or null while it is being looked up
const listeners = new Set();
const cached = new Map(); // request path -> promise of every row

function cachedAll(path) {
  if (!cached.has(path)) cached.set(path, api.all(path, { sort_direction: "asc" }).catch(() => []));
  return cached.get(path);
}

async function nameOn(ws, boardId, id, attributes) {
  try {
    const item = await api.get(`/workspaces/${ws}/boards/${boardId}/items/${id}`, { "expand[]": ["values"] });
    return itemName(item, await attributes());
  } catch (err) {
    if (err.status === 404) return null;
    throw err;
  }
}

async function lookUp(store, id) {
  const { ws, boardId } = store.get();
  const here = await nameOn(ws, boardId, id, async () => store.get().attributes);
  if (here) return here;
  for (const board of await cachedAll(`/workspaces/${ws}/boards`)) {
    if (board.id === boardId) continue;
    const name = await nameOn(ws, board.id, id, () => cachedAll(`/workspaces/${ws}/boards/${board.id}/attributes`));
    if (name) return name;
  }
  return "An item you cannot see";
}

/** The names of `ids`: from the store's items when loaded, else looked up through the API. */
export function useItemNames(ids, store) {
  const [, setTick] = useState(0);
  useEffect(() => {
    const changed = () => setTick((t) => t + 1);
    listeners.add(changed);
    return () => listeners.delete(changed);
  }, []);
  const state = store ? store.get() : null;
  const key = Array.isArray(ids) ? ids.join(",") : "";
  useEffect(() => {
    if (!store || !Array.isArray(ids)) return;
    ids
      .filter((id) => !state.items[id] && !names.has(id))
      .forEach((id) => {
        names.set(id, null);
        lookUp(store, id)
          .catch(() => `Item ${String(id).slice(0, 8)}`)
          .then((name) => {
            names.set(id, name);
            listeners.forEach((fn) => fn());
          });
      });
  }, [key, store]);
  if (!Array.isArray(ids)) return [];
  return ids.map((id) => {
    if (state && state.items[id]) return { id, name: itemName(state.items[id], state.attributes) };
    return { id, name: names.get(id) || "…" };
  });
}
