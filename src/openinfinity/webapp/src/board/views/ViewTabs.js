// The board's stored views as tabs: "All items" (the board's table) and one tab per view.
// Tabs are links (each view has its own address, /w/:ws/b/:board/v/:view).
import { html } from "../../lib/html.js";
import { Link } from "../../router.js";
import { isKanban } from "./viewsApi.js";

export function ViewTabs({ ws, boardId, views, activeId, folders, onNew }) {
  const showFolder = (folders || []).length > 1;
  const folderName = (id) => (folders || []).find((f) => f.id === id)?.name;
  const tab = (href, label, selected, extra = null, key = "all") =>
    html`<${Link} key=${key} href=${href} role="tab" aria-selected=${selected ? "true" : "false"}
      class=${"view-tab" + (selected ? " selected" : "")} tabindex=${selected ? "0" : "-1"}>${label}${extra}<//>`;
  // Arrow keys move between tabs (the tablist pattern); Enter follows the link.
  const onKeyDown = (event) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const tabs = [...event.currentTarget.querySelectorAll('[role="tab"]')];
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) return;
    const next = tabs[(index + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    next.focus();
    event.preventDefault();
  };
  return html`<div class="view-tabs-bar">
    <div class="view-tabs" role="tablist" aria-label="Views" onKeyDown=${onKeyDown}>
      ${tab(`/w/${ws}/b/${boardId}`, "All items", !activeId)}
      ${views.map((view) =>
        tab(
          `/w/${ws}/b/${boardId}/v/${view.id}`,
          view.name || "Untitled view",
          view.id === activeId,
          html`${isKanban(view) && html`<span class="view-tab-kind" title="Kanban" aria-hidden="true"> ▥</span>`}
            ${showFolder && folderName(view.folder_id) && html`<span class="view-tab-folder"> · ${folderName(view.folder_id)}</span>`}`,
          view.id,
        ),
      )}
    </div>
    <button type="button" class="new-view" onClick=${onNew}>+ New view</button>
  </div>`;
}
