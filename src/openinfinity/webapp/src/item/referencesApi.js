// References of one item in both directions, with the names of the items at the other end.
// A reference lives on the board of its source item (`from_item_id`); its target may be on any board
// the person can see. So: outgoing = this board's references from the item; incoming = every visible
// board's references to it; a target's board is found by asking the boards in turn (404 elsewhere).
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

  const readOn = async (boardId, itemId) => {
    try {
      const item = await api.get(`${boardPath(ws, boardId)}/items/${encodeURIComponent(itemId)}`, {
        "expand[]": ["values"],
      });
      return { id: itemId, boardId, name: itemName(item, await attributesOf(boardId)) };
    } catch (err) {
      if (err.status === 404) return null;
      throw err;
    }
  };

  const locate = async (itemId, firstBoardId) => {
    const order = [firstBoardId, ...boards.map((b) => b.id).filter((id) => id !== firstBoardId)];
    for (const boardId of order) {
      const found = await readOn(boardId, itemId);
      if (found) return found;
    }
    return { id: itemId, boardId: null, name: "An item you cannot see" };
  };

  return {
    attributesOf,
    /** {id, boardId, name} of an item; `boardId` is where to look first (null if not found). */
    describe(itemId, firstBoardId) {
      if (!items.has(itemId)) items.set(itemId, locate(itemId, firstBoardId));
      return items.get(itemId);
    },
    boardName(boardId) {
      const board = boards.find((b) => b.id === boardId);
      return board ? board.name : "";
    },
  };
}

/** {outgoing, incoming}: each entry {reference, boardId (where it lives), other: {id, boardId, name}}. */
export async function loadReferences(ws, boardId, itemId, boards, directory) {
  const [outgoing, ...incomingPerBoard] = await Promise.all([
    api.all(`${boardPath(ws, boardId)}/references`, { from_item_id: itemId }),
    ...boards.map((b) =>
      api.all(`${boardPath(ws, b.id)}/references`, { to_item_id: itemId }).catch(() => []),
    ),
  ]);
  const out = await Promise.all(
    outgoing.map(async (reference) => ({
      reference,
      boardId,
      other: await directory.describe(reference.to_item_id, boardId),
    })),
  );
  const incoming = await Promise.all(
    boards.flatMap((b, i) =>
      incomingPerBoard[i].map(async (reference) => ({
        reference,
        boardId: b.id,
        other: await directory.describe(reference.from_item_id, b.id),
      })),
    ),
  );
  return { outgoing: out, incoming };
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
