// This browser's own writes to an item, until the change feed echoes them back.
//
// The feed delivers events in commit order, and the answer to a write already holds the item as
// it is after that write. So while a write to an item is in flight, or answered but not yet
// echoed, every event about that item is older than what the store shows: applying it would
// move a card back for a moment (and take the keyboard focus with it) until the echo arrives.
// Such events are held; when the write's echo shows up they are dropped, and events after the
// echo are applied as usual. A failed write releases what was held (the store went back to its
// state before the write, and those events are news). An echo that never comes (a dropped
// stream, then a reload) stops the holding after ECHO_WAIT_MS.

const ECHO_WAIT_MS = 5000;
const writes = new Map(); // store -> Map(itemId -> { inFlight, saved, held, timer })

function pendingOf(store) {
  if (!writes.has(store)) writes.set(store, new Map());
  return writes.get(store);
}

function itemIdOf({ event, payload }) {
  if (event === "item.updated") return payload.id;
  if (event.startsWith("value.")) return payload.item_id;
  return null;
}

// Whether an event shows the item as `saved` (the write's answer) has it.
function isEcho({ event, payload }, saved) {
  if (event === "item.updated") {
    return payload.sort_order === saved.sort_order && payload.folder_id === saved.folder_id;
  }
  if (event === "value.deleted") return !(saved.values || []).some((v) => v.attribute_id === payload.attribute_id);
  if (event.startsWith("value.")) {
    const value = (saved.values || []).find((v) => v.attribute_id === payload.attribute_id);
    return Boolean(value) && JSON.stringify(value.data) === JSON.stringify(payload.data);
  }
  return false;
}

function settle(store, itemId) {
  const entry = pendingOf(store).get(itemId);
  if (entry?.timer) clearTimeout(entry.timer);
  pendingOf(store).delete(itemId);
}

/** A write to `itemId` is about to be sent. */
export function writeStarted(store, itemId) {
  const pending = pendingOf(store);
  const entry = pending.get(itemId) || { inFlight: 0, saved: null, held: [], timer: null };
  entry.inFlight += 1;
  pending.set(itemId, entry);
}

/**
 * The write was answered with `saved` (the item with its values), or failed (`saved` null).
 * `apply(change)` applies an event that is released.
 */
export function writeFinished(store, itemId, saved, apply) {
  const entry = pendingOf(store).get(itemId);
  if (!entry) return;
  entry.inFlight -= 1;
  if (saved) entry.saved = saved;
  if (entry.inFlight > 0) return;
  if (!entry.saved) {
    settle(store, itemId);
    for (const change of entry.held) apply(change);
    return;
  }
  const echo = entry.held.findIndex((change) => isEcho(change, entry.saved));
  if (echo >= 0) {
    const after = entry.held.slice(echo + 1);
    settle(store, itemId);
    for (const change of after) apply(change);
    return;
  }
  entry.held = [];
  entry.timer = setTimeout(() => settle(store, itemId), ECHO_WAIT_MS);
}

/** Whether a feed event must wait (or be dropped) because of this browser's own pending write. */
export function holdsEvent(store, change) {
  const itemId = itemIdOf(change);
  const entry = itemId && pendingOf(store).get(itemId);
  if (!entry) return false;
  if (entry.inFlight > 0) {
    entry.held.push(change);
    return true;
  }
  if (isEcho(change, entry.saved)) settle(store, itemId);
  return true; // the echo itself changes nothing the store does not show; older events are stale
}

/** Forgets every pending write of a store (its items were read again). */
export function forgetWrites(store) {
  for (const itemId of [...pendingOf(store).keys()]) settle(store, itemId);
}
