// Comment events for whoever shows a thread (the item panel): subscribe by item id.
import { useEffect, useRef } from "../lib/html.js";

const byItem = new Map();

export function notifyComments(itemId, change) {
  for (const fn of byItem.get(itemId) || []) fn(change);
}

export function subscribeComments(itemId, fn) {
  if (!byItem.has(itemId)) byItem.set(itemId, new Set());
  byItem.get(itemId).add(fn);
  return () => byItem.get(itemId)?.delete(fn);
}

/** Calls onChange({event, payload}) for every comment event of `itemId` while mounted. */
export function useCommentChanges(itemId, onChange) {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => (itemId ? subscribeComments(itemId, (change) => latest.current(change)) : undefined), [itemId]);
}
