// References of one item in both directions, with the names of the items at the other end.
// `GET /workspaces/{ws}/references?item_id=` lists them across every board the person can see,
// with the board of each end; a reference is removed through the board it lives on (its source's).
import { api } from "../api/client.js";
import { itemName } from "../values/itemName.js";

const boardPath = (ws, boardId) => `/workspaces/${ws}/boards/${encodeURIComponent(boardId)}`;

/** Names items across the workspace's boards, remembering what it has read (one panel's lifetime). */
export function createItemDirectory(ws, boards) {
  const attributes = new Map();
  const items = new Map();

  const attributesOf = (boardId) => {
    if (!attributes.has(boardId)) {
      attributes.set(boardId, api.all(`${boardPath(ws, boardId)}/attributes`, { sort_direction: "asc" }));
    }
    return attributes.get(boardId);
  };

  const read = async (boardId, itemId) => {
    try {
      const item = await api.get(`${boardPath(ws, boardId)}/items/${encodeURIComponent(itemId)}`, {
        "expand[]": ["values"],
      });
      return { id: itemId, boardId, name: itemName(item, await attributesOf(boardId)) };
    } catch (err) {
      if (err.status === 404) return { id: itemId, boardId: null, name: "An item you cannot see" };
      throw err;
    }
  };

  return {
    attributesOf,
    /** {id, boardId, name} of an item on a known board. */
    describe(itemId, boardId) {
      const key = `${boardId}/${itemId}`;
      if (!items.has(key)) items.set(key, read(boardId, itemId));
      return items.get(key);
    },
    boardName(boardId) {
      const board = boards.find((b) => b.id === boardId);
      return board ? board.name : "";
    },
  };
}

/** {outgoing, incoming}: each entry {reference, boardId (where it lives), other: {id, boardId, name}}. */
export async function loadReferences(ws, itemId, directory) {
  const rows = await api.all(`/workspaces/${ws}/references`, {
    item_id: itemId,
    sort_by: "created_at",
    sort_direction: "asc",
  });
  const entry = async (reference, outgoing) => ({
    reference,
    boardId: reference.from_board_id,
    other: outgoing
      ? await directory.describe(reference.to_item_id, reference.to_board_id)
      : await directory.describe(reference.from_item_id, reference.from_board_id),
  });
  const outgoing = await Promise.all(rows.filter((r) => r.from_item_id === itemId).map((r) => entry(r, true)));
  const incoming = await Promise.all(rows.filter((r) => r.to_item_id === itemId).map((r) => entry(r, false)));
  return { outgoing, incoming };
}

export function addReference(ws, boardId, { attributeId, fromItemId, toItemId }) {
  return api.post(`${boardPath(ws, boardId)}/references`, {
    attribute_id: attributeId,
    from_item_id: fromItemId,
    to_item_id: toItemId,
  });
}

export function removeReference(ws, boardId, referenceId) {
  return api.del(`${boardPath(ws, boardId)}/references/${encodeURIComponent(referenceId)}`);
}

/** Up to 10 items of a board matching `q` (the items list's search), with their names. */
export async function searchItems(ws, boardId, q, directory) {
  const params = { limit: 10, "expand[]": ["values"] };
  if (q.trim()) params.q = q.trim();
  const [page, attributes] = await Promise.all([
    api.get(`${boardPath(ws, boardId)}/items`, params),
    directory.attributesOf(boardId),
  ]);
  return page.data.map((item) => ({ id: item.id, boardId, name: itemName(item, attributes) }));
}
