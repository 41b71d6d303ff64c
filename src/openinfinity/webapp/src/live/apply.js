// Applies change-feed events to a board store (board/store.js), registered with onBoardEvent().
// What the list shows follows the API: an item the list would contain appears, a deleted one
// goes, values change in place. Where the client cannot tell whether a new item passes a saved
// view's filter or a search, it does not guess: it counts it in `live.pending` (ids) and the
// board offers to refresh.
//
// Drafts are never touched here: editors keep their own state; `live.touched` records which
// values changed remotely so an open editor can say so (RemoteChangeHint.js).
import { api } from "../api/client.js";
import { onBoardEvent } from "../board/store.js";
import { reposition } from "../board/kanban/placement.js";
import { notifyComments } from "./comments.js";

// Whether the current list is a plain one the client can place items in without asking the server.
function placement(s) {
  const q = s.query || {};
  if (q.q || q.filter) return "unknown";
  if (q.viewId) return q.viewPlain ? "folder" : "unknown";
  return "folder";
}

function listWants(s, item) {
  const q = s.query || {};
  if (item.parent_id) return false;
  const folders = q.viewFolderIds || (q.folderId ? [q.folderId] : null);
  return !folders || folders.includes(item.folder_id);
}

const TOUCH_KEPT_MS = 10 * 60 * 1000; // an editor open longer than this is told nothing

function touch(s, itemId, attributeId) {
  const now = Date.now();
  // Keep the record small over a long session: only recent changes can concern an open editor.
  const touched = Object.fromEntries(
    Object.entries(s.live?.touched || {}).filter(([, at]) => now - at < TOUCH_KEPT_MS),
  );
  touched[`${itemId}:${attributeId}`] = now;
  return { ...(s.live || {}), touched };
}

function itemCreated(store, item) {
  const s = store.get();
  if (s.items[item.id]) return;
  if (item.parent_id) {
    if (s.children[item.parent_id]) store.upsertItem({ ...item, values: item.values || [] });
    return;
  }
  const where = placement(s);
  if (where === "unknown") {
    const pending = s.live?.pending || [];
    if (!pending.includes(item.id)) store.set((st) => ({ live: { ...(st.live || {}), pending: [...pending, item.id] } }));
    return;
  }
  if (!listWants(s, item)) return;
  store.set((st) => {
    const items = { ...st.items, [item.id]: { ...item, values: item.values || [] } };
    // A list still loading pages gets the item from a later page if it sorts after the loaded ones.
    const order = st.query.viewSorted ? [...st.order, item.id] : reposition([...st.order, item.id], items, item.id);
    if (st.hasMore && order[order.length - 1] === item.id) return {};
    return { items, order };
  });
}

function itemUpdated(store, item) {
  const s = store.get();
  const known = s.items[item.id];
  if (item.deleted) {
    if (known) store.removeItem(item.id);
    const pending = s.live?.pending || [];
    if (pending.includes(item.id)) {
      store.set((st) => ({ live: { ...(st.live || {}), pending: pending.filter((id) => id !== item.id) } }));
    }
    return;
  }
  if (!known) return;
  const merged = { ...known, ...item, values: known.values };
  const inList = s.order.includes(item.id);
  if (inList && !listWants(s, merged)) {
    store.removeItem(item.id);
    return;
  }
  store.set((st) => {
    const items = { ...st.items, [item.id]: merged };
    const moved = known.sort_order !== item.sort_order;
    const order = inList && moved && !st.query.viewSorted ? reposition(st.order, items, item.id) : st.order;
    return { items, order };
  });
}

function itemFinalized(store, item) {
  // The create request finished: the payload carries every value it wrote.
  const s = store.get();
  if (s.items[item.id]) {
    store.set((st) => ({ items: { ...st.items, [item.id]: { ...st.items[item.id], values: item.values || [] } } }));
  } else {
    itemCreated(store, item);
  }
}

// An attachments value travels in events as file ids only (no signed links, which expire): the
// item is read again, unless the ids are the ones already shown (this browser's own write).
function isAttachments(s, value) {
  const attribute = s.attributes.find((a) => a.id === value.attribute_id);
  return Boolean(attribute && attribute.type === "attachments");
}

function attachmentsChanged(store, value, before) {
  const ids = (data) => (Array.isArray(data) ? data.map((f) => (f && typeof f === "object" ? f.id : f)) : []);
  if (before && JSON.stringify(ids(before.data)) === JSON.stringify(ids(value.data))) return;
  api
    .get(`${store.base}/items/${encodeURIComponent(value.item_id)}`, { "expand[]": ["values"] })
    .then((item) => store.get().items[item.id] && store.upsertItem(item, { append: false }))
    .catch(() => {}); // deleted meanwhile: its own event removes it
}

function valueChanged(store, value) {
  const s = store.get();
  const item = s.items[value.item_id];
  if (!item) return;
  const before = (item.values || []).find((v) => v.attribute_id === value.attribute_id);
  // The echo of this browser's own write (already in the store) changes nothing and is no news.
  if (before && !value.deleted && JSON.stringify(before.data) === JSON.stringify(value.data)) return;
  if (!value.deleted && isAttachments(s, value)) return attachmentsChanged(store, value, before);
  store.set((st) => {
    const current = st.items[value.item_id];
    const values = (current.values || []).filter((v) => v.attribute_id !== value.attribute_id);
    if (!value.deleted) values.push(value);
    return {
      items: { ...st.items, [value.item_id]: { ...current, values } },
      live: touch(st, value.item_id, value.attribute_id),
    };
  });
}

export function applyChange(store, { event, payload }) {
  if (!payload) return;
  switch (event) {
    case "item.created":
      return itemCreated(store, payload);
    case "item.finalized":
      return itemFinalized(store, payload);
    case "item.updated":
      return itemUpdated(store, payload);
    case "item.deleted":
      return store.get().items[payload.id] ? store.removeItem(payload.id) : undefined;
    case "value.created":
    case "value.updated":
    case "value.deleted":
      return valueChanged(store, event === "value.deleted" ? { ...payload, deleted: true } : payload);
    default:
      if (event.startsWith("comment.")) notifyComments(payload.item?.id, { event, payload });
  }
}

onBoardEvent(applyChange);
