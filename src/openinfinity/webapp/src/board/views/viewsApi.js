// The board's stored views (folderviews) through /api/v2 …/views, and what a view means for the
// item list: which folders it covers, whether it filters or sorts.
import { api } from "../../api/client.js";
import { countConditions, readFilter } from "./filterModel.js";

export const KANBAN = "columns"; // the API's name of the kanban view type

export function isKanban(view) {
  return Boolean(view && view.type === KANBAN);
}

function byOrder(a, b) {
  return Number(a.sort_order) - Number(b.sort_order) || String(a.created_at).localeCompare(String(b.created_at));
}

export async function listViews(base) {
  return (await api.all(`${base}/views`, { sort_direction: "asc" })).sort(byOrder);
}

export const createView = (base, body) => api.post(`${base}/views`, body);
export const putView = (base, id, body) => api.put(`${base}/views/${encodeURIComponent(id)}`, body);
export const patchView = (base, id, body) => api.patch(`${base}/views/${encodeURIComponent(id)}`, body);
export const deleteView = (base, id) => api.del(`${base}/views/${encodeURIComponent(id)}`);

// The folder and, with includeSubfolders, every folder below it (folders' parent_id is the board
// id for a top-level folder, else the parent folder's id).
export function folderIdsOf(view, folders) {
  const ids = [view.folder_id];
  if (!view.settings?.includeSubfolders) return ids;
  for (let i = 0; i < ids.length; i += 1) {
    for (const folder of folders) if (folder.parent_id === ids[i] && !ids.includes(folder.id)) ids.push(folder.id);
  }
  return ids;
}

// The store query of a view: the list reads `/views/{id}/items`; the live code needs to know
// whether it can place new items itself (no filter) and whether the order is the manual one.
export function viewQuery(view, folders) {
  if (!view) return { viewId: null, viewFolderIds: null, viewPlain: false, viewSorted: false };
  const filter = readFilter(view.settings?.filter);
  return {
    viewId: view.id,
    viewFolderIds: folderIdsOf(view, folders),
    viewPlain: countConditions(filter) === 0,
    viewSorted: (view.settings?.sort?.conditions || []).length > 0,
    filter: null,
    q: "",
  };
}
