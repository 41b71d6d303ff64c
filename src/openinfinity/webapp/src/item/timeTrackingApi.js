// Time entries (docs/time-tracking.md). The API has no list of entries (GET on the collection is
// 405, as on the hosted API), so the entry this browser started is remembered in localStorage.
import { api } from "../api/client.js";

const KEY = "openinfinity.runningTimer";

function key(itemId, attributeId) {
  return `${KEY}.${itemId}.${attributeId}`;
}

/** {id, started_at} of the entry this browser started on the item's attribute, or null. */
export function rememberedEntry(itemId, attributeId) {
  try {
    const raw = window.localStorage.getItem(key(itemId, attributeId));
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

export function rememberEntry(itemId, attributeId, entry) {
  try {
    if (entry) window.localStorage.setItem(key(itemId, attributeId), JSON.stringify({ id: entry.id, started_at: entry.started_at }));
    else window.localStorage.removeItem(key(itemId, attributeId));
  } catch {
    // Storage off (private mode): the timer is then known to this page only.
  }
}

export function getEntry(base, entryId) {
  return api.get(`${base}/time-tracking/${encodeURIComponent(entryId)}`);
}

export function startEntry(base, itemId, attributeId) {
  return api.post(`${base}/time-tracking`, { item_id: itemId, attribute_id: attributeId });
}

/** Ends the entry now (never before its start, should this computer's clock be behind). */
export function stopEntry(base, entry) {
  const end = new Date(Math.max(Date.now(), Date.parse(entry.started_at)));
  return api.put(`${base}/time-tracking/${encodeURIComponent(entry.id)}`, { ended_at: end.toISOString() });
}

/** Seconds as H:MM:SS (the panel shows seconds; the table rounds to minutes). */
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds || 0));
  const mm = String(Math.floor(s / 60) % 60).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return `${Math.floor(s / 3600)}:${mm}:${ss}`;
}
