// The item's comment thread through /api/v2 (created_by expanded to the user object).
import { api } from "../api/client.js";

const path = (base, itemId) => `${base}/items/${encodeURIComponent(itemId)}/comments`;
const EXPAND = { "expand[]": ["created_by"] };

export function listComments(base, itemId) {
  return api.all(path(base, itemId), { ...EXPAND, sort_by: "created_at", sort_direction: "asc" });
}

export function postComment(base, itemId, text, parentId) {
  return api.post(path(base, itemId), parentId ? { text, parent_id: parentId } : { text }, EXPAND);
}

export function editComment(base, itemId, commentId, text) {
  return api.put(`${path(base, itemId)}/${encodeURIComponent(commentId)}`, { text }, EXPAND);
}

export function deleteComment(base, itemId, commentId) {
  return api.del(`${path(base, itemId)}/${encodeURIComponent(commentId)}`);
}

/** Top-level comments in order, each with its replies (a reply to a reply joins its thread). */
export function threads(comments) {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const rootOf = (c) => {
    let node = c;
    const seen = new Set();
    while (node.parent_id && byId.has(node.parent_id) && !seen.has(node.id)) {
      seen.add(node.id);
      node = byId.get(node.parent_id);
    }
    return node;
  };
  const roots = [];
  const replies = new Map();
  for (const c of comments) {
    const root = rootOf(c);
    if (root === c) roots.push(c);
    else replies.set(root.id, [...(replies.get(root.id) || []), c]);
  }
  return roots.map((c) => ({ comment: c, replies: replies.get(c.id) || [] }));
}
