// The item panel's reads of the item's history (docs/history.md): newest first, 20 at a time.
import { api } from "../api/client.js";

export const HISTORY_PAGE = 20;

/** One page of the item's changes; `attributeId` keeps that attribute's, `after` continues. */
export function listHistory(base, itemId, { attributeId, after } = {}) {
  const params = { limit: HISTORY_PAGE };
  if (attributeId) params.attribute_id = attributeId;
  if (after) params.after = after;
  return api.get(`${base}/items/${encodeURIComponent(itemId)}/history`, params);
}
