// The views area of a board: the tabs of its stored views, the editor of the open view, and the
// open view itself (the kanban for a `columns` view, else the table the board page passes in).
// Opening a view reloads the board store from `/views/{id}/items` (its filter and sort apply).
import { html, useEffect, useState } from "../../lib/html.js";
import { navigate } from "../../router.js";
import { useBoardState } from "../store.js";
import { KanbanView } from "../kanban/KanbanView.js";
import { ViewTabs } from "./ViewTabs.js";
import { ViewEditor } from "./ViewEditor.js";
import { countConditions, readFilter } from "./filterModel.js";
import { isKanban, listViews, viewQuery } from "./viewsApi.js";

function Summary({ view, onEdit }) {
  const filters = countConditions(readFilter(view?.settings?.filter));
  const sorts = (view?.settings?.sort?.conditions || []).length;
  return html`<div class="view-summary">
    ${view &&
    html`<span class="muted">${[
      filters ? `${filters} filter${filters > 1 ? "s" : ""}` : "No filter",
      sorts ? `${sorts} sort${sorts > 1 ? "s" : ""}` : "manual order",
    ].join(" · ")}</span>`}
    ${view && html`<button type="button" onClick=${onEdit}>Edit view</button>`}
  </div>`;
}

export function BoardViews({ store, route, children }) {
  const state = useBoardState(store);
  const { ws, board: boardId } = route.params;
  const activeId = route.params.view || null;
  const [views, setViews] = useState(null);
  const [error, setError] = useState(null);
  const [editing, setEditing] = useState(null); // null | "new" | "edit"

  const refresh = async () => {
    try {
      setViews(await listViews(store.base));
    } catch (err) {
      setError(err.message);
    }
  };
  useEffect(() => {
    refresh();
    // Views made elsewhere (another person, an integration) show up when the person comes back;
    // the change feed carries items and comments, not views.
    const onVisible = () => document.visibilityState === "visible" && refresh();
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("focus", onVisible);
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("focus", onVisible);
    };
  }, [store]);

  const view = activeId && views ? views.find((v) => v.id === activeId) || null : null;
  const missing = activeId && views && !view;

  // Point the store at the open view (or back at the whole board) when it changes or is saved.
  const signature = view ? `${view.id}:${JSON.stringify(view.settings)}:${view.folder_id}` : "board";
  useEffect(() => {
    if (activeId && !view) return;
    const query = viewQuery(view, state.folders);
    const current = state.query || {};
    const currentSignature = current.viewSignature || (current.viewId ? null : "board");
    const same = (current.viewId || null) === query.viewId && currentSignature === signature;
    if (!same) store.reload({ ...query, viewSignature: signature });
  }, [signature, activeId, Boolean(views)]);

  useEffect(() => setEditing(null), [activeId]);

  // Another part of the page left the view (picking a folder in the tree reloads the store
  // without it): follow with the address, so the tabs say what the list shows.
  useEffect(() => {
    const current = state.query || {};
    if (activeId && view && !current.viewId && current.viewSignature === signature) {
      store.set((s) => ({ query: { ...s.query, viewSignature: "board" } }));
      navigate(`/w/${ws}/b/${boardId}`);
    }
  }, [state.query?.viewId]);

  const saved = (next) => {
    setViews((list) => {
      const rest = (list || []).filter((v) => v.id !== next.id);
      return [...rest, next].sort((a, b) => Number(a.sort_order) - Number(b.sort_order));
    });
    setEditing(null);
    if (next.id !== activeId) navigate(`/w/${ws}/b/${boardId}/v/${next.id}`);
  };
  const deleted = (gone) => {
    setViews((list) => (list || []).filter((v) => v.id !== gone.id));
    setEditing(null);
    navigate(`/w/${ws}/b/${boardId}`);
  };

  return html`<div class="board-views">
    <${ViewTabs} ws=${ws} boardId=${boardId} views=${views || []} activeId=${activeId} folders=${state.folders}
      onNew=${() => setEditing(editing === "new" ? null : "new")} />
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <${Summary} view=${view} onEdit=${() => setEditing(editing === "edit" ? null : "edit")} />
    ${editing &&
    html`<${ViewEditor} key=${editing + (view?.id || "")} store=${store} state=${state}
      view=${editing === "edit" ? view : null} onSaved=${saved} onDeleted=${deleted} onClose=${() => setEditing(null)} />`}
    ${missing && html`<p role="alert" class="error">This view does not exist (any more).</p>`}
    ${!missing && (isKanban(view) ? html`<${KanbanView} store=${store} view=${view} />` : children)}
  </div>`;
}
