// Board state shared by the table, kanban, item panel, search and live updates:
// the board, its attributes, folders, and the loaded items (by id, plus their order and the cursor).
// Components read it with useBoardState(store); writers call the store's methods.
// Live updates: src/live/ registers an applier with onBoardEvent(); applyEvent() runs them all.
import { useEffect, useState } from "../lib/html.js";
import { api } from "../api/client.js";
import { forgetWrites, holdsEvent } from "./echoes.js";

const PAGE = 100;
const appliers = [];

/** Registers fn(store, event) to apply a change-feed event to a board store (WEB-3's live code). */
export function onBoardEvent(fn) {
  appliers.push(fn);
  return () => appliers.splice(appliers.indexOf(fn), 1);
}

/** Applies one change-feed event ({event, payload}) to the store through the registered appliers. */
export function applyEvent(store, event) {
  if (holdsEvent(store, event)) return; // older than this browser's own pending write (echoes.js)
  for (const fn of appliers) fn(store, event);
}

/** The value of `attributeId` on an item as the API returns it (`values` expanded), or undefined. */
export function valueOf(item, attributeId) {
  const value = (item.values || []).find((v) => v.attribute_id === attributeId);
  return value ? value.data : undefined;
}

export function createBoardStore(ws, boardId) {
  const base = `/workspaces/${ws}/boards/${boardId}`;
  const listeners = new Set();
  let state = {
    ws,
    boardId,
    base,
    board: null,
    attributes: [],
    folders: [],
    members: [],
    items: {}, // id -> item (values expanded)
    order: [], // ids of the listed (top-level) items, in list order
    children: {}, // parent id -> ordered ids of loaded sub-items
    after: null,
    hasMore: true,
    loading: false,
    error: null,
    query: { folderId: null, q: "", filter: null, viewId: null },
    version: 0,
  };
  let generation = 0;
  let inflight = null; // AbortController of the list request being read

  const store = {
    base,
    get: () => state,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    set(patch) {
      state = { ...state, ...(typeof patch === "function" ? patch(state) : patch), version: state.version + 1 };
      listeners.forEach((fn) => fn(state));
    },

    /** Board, attributes, folders and members; then the first page of items. */
    async load() {
      try {
        const [board, attributes, folders, members] = await Promise.all([
          api.get(base),
          api.all(`${base}/attributes`, { sort_direction: "asc" }),
          api.all(`${base}/folders`, { sort_direction: "asc" }),
          api.all(`/workspaces/${ws}/members`, { sort_direction: "asc" }),
        ]);
        store.set({ board, attributes, folders, members });
      } catch (err) {
        store.set({ error: err.message });
        return;
      }
      await store.reload();
    },

    /** Drops the loaded items and reads the first page for `query` (folder, q, filter, view). */
    async reload(query) {
      generation += 1;
      if (inflight) inflight.abort(); // a stale query (e.g. older search text) is cancelled
      forgetWrites(store); // what is read now includes every write answered so far
      store.set((s) => ({
        query: { ...s.query, ...(query || {}) },
        items: {},
        order: [],
        children: {},
        after: null,
        hasMore: true,
        loading: false,
      }));
      await store.loadMore();
    },

    /** Reads the next keyset page (`after` cursor, 100 rows); never an offset or a count. */
    async loadMore() {
      if (state.loading || !state.hasMore) return;
      const mine = generation;
      store.set({ loading: true, error: null });
      try {
        inflight = new AbortController();
        const [path, params] = listRequest(state);
        const page = await api.get(path, params, { signal: inflight.signal });
        if (mine !== generation) return; // a newer reload started meanwhile
        store.set((s) => {
          const items = { ...s.items };
          const order = s.order.slice();
          for (const item of page.data) {
            if (!items[item.id]) order.push(item.id);
            items[item.id] = item;
          }
          return { items, order, after: page.after, hasMore: Boolean(page.has_more), loading: false };
        });
      } catch (err) {
        if (mine === generation) store.set({ loading: false, error: err.message, hasMore: false });
      }
    },

    /** After a page failed to load: try the same page again. */
    retry() {
      store.set({ hasMore: true, error: null });
      return store.loadMore();
    },

    /** Loads the sub-items of `parentId` (every page) into `children`. */
    async loadChildren(parentId) {
      const rows = await api.all(`${base}/items`, {
        parent_id: parentId,
        "expand[]": ["values"],
        sort_by: "sort_order",
        sort_direction: "asc",
      });
      store.set((s) => {
        const items = { ...s.items };
        rows.forEach((row) => (items[row.id] = row));
        return { items, children: { ...s.children, [parentId]: rows.map((r) => r.id) } };
      });
      return rows;
    },

    /** Puts a created or changed item in place (appended when new and it belongs to the list). */
    upsertItem(item, { append = true } = {}) {
      store.set((s) => {
        const items = { ...s.items, [item.id]: item };
        let { order, children } = s;
        const known = Boolean(s.items[item.id]);
        if (!known && append) {
          if (item.parent_id) {
            if (children[item.parent_id]) {
              children = { ...children, [item.parent_id]: [...children[item.parent_id], item.id] };
            }
          } else if (!s.query.folderId || s.query.folderId === item.folder_id) {
            order = [...order, item.id];
          }
        }
        return { items, order, children };
      });
    },

    removeItem(id) {
      store.set((s) => {
        const items = { ...s.items };
        delete items[id];
        const children = {};
        for (const [p, ids] of Object.entries(s.children)) children[p] = ids.filter((x) => x !== id);
        return { items, order: s.order.filter((x) => x !== id), children };
      });
    },

    /** Moves `id` to `index` of the list order (after a drag), keeping the rest in place. */
    moveItem(id, index) {
      store.set((s) => {
        const order = s.order.filter((x) => x !== id);
        order.splice(index, 0, id);
        return { order };
      });
    },

    setValue(itemId, attributeId, data) {
      store.set((s) => {
        const item = s.items[itemId];
        if (!item) return {};
        const values = (item.values || []).filter((v) => v.attribute_id !== attributeId);
        values.push({ object: "value", attribute_id: attributeId, item_id: itemId, data });
        return { items: { ...s.items, [itemId]: { ...item, values } } };
      });
    },

    upsertAttribute(attribute) {
      store.set((s) => {
        const known = s.attributes.some((a) => a.id === attribute.id);
        const attributes = known
          ? s.attributes.map((a) => (a.id === attribute.id ? attribute : a))
          : [...s.attributes, attribute];
        return { attributes };
      });
    },

    removeAttribute(id) {
      store.set((s) => ({ attributes: s.attributes.filter((a) => a.id !== id) }));
    },

    setFolders(folders) {
      store.set({ folders });
    },
  };
  return store;
}

/** The API request of the current list: a saved view's items, a folder's items, or the board's. */
function listRequest(s) {
  const { folderId, q, filter, viewId } = s.query;
  const params = { limit: PAGE, after: s.after || undefined, "expand[]": ["values"] };
  if (viewId) {
    if (q) params.q = q; // search within the view, in the view's order
    return [`${s.base}/views/${viewId}/items`, params];
  }
  // Manual order (sort_order) unless searching: search answers in the list order of its own.
  if (q) params.q = q;
  else Object.assign(params, { sort_by: "sort_order", sort_direction: "asc" });
  if (filter) params.filter = JSON.stringify(filter);
  if (!q && !filter) params.parent_id = "null"; // sub-items are shown under their parents
  if (folderId) return [`${s.base}/folders/${folderId}/items`, params];
  return [`${s.base}/items`, params];
}

/** Re-renders the calling component whenever the store changes; returns the current state. */
export function useBoardState(store) {
  const [state, setState] = useState(store.get());
  useEffect(() => {
    setState(store.get());
    return store.subscribe(setState);
  }, [store]);
  return state;
}
