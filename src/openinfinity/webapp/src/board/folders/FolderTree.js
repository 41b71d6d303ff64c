// The board's folders as a tree beside the table. Selecting a folder lists its items (the folder
// items endpoint); "All items" lists the whole board. New folders go inside the selected one.
import { html, useState } from "../../lib/html.js";
import { api } from "../../api/client.js";
import { useBoardState } from "../store.js";

/** Folders as nested nodes: top-level folders have the board id as parent_id. */
export function folderTree(folders, boardId) {
  const byParent = new Map();
  for (const folder of folders) {
    const parent = folder.parent_id && folder.parent_id !== boardId ? folder.parent_id : "";
    if (!byParent.has(parent)) byParent.set(parent, []);
    byParent.get(parent).push(folder);
  }
  const known = new Set(folders.map((f) => f.id));
  const build = (parent) =>
    (byParent.get(parent) || []).map((folder) => ({ folder, children: build(folder.id) }));
  // A folder whose parent is not listed still shows, at the top level.
  const orphans = [...byParent.keys()].filter((p) => p && !known.has(p)).flatMap((p) => build(p));
  return [...build(""), ...orphans];
}

// A folder glyph drawn inline (no icon font or emoji font needed).
function FolderIcon() {
  return html`<svg class="folder-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
    <path d="M1.5 3.5h4.2l1.5 1.5h7.3v8H1.5z" fill="currentColor" opacity="0.35" stroke="currentColor" stroke-width="1" />
  </svg>`;
}

function FolderNode({ node, selected, onSelect, depth }) {
  const [open, setOpen] = useState(true);
  const { folder, children } = node;
  const isSelected = selected === folder.id;
  return html`<li role="treeitem" aria-selected=${isSelected} aria-expanded=${children.length ? open : undefined}>
    <div class=${"folder-row" + (isSelected ? " selected" : "")} style=${{ paddingLeft: `${depth * 14 + 4}px` }}>
      ${children.length
        ? html`<button type="button" class="icon-button twisty" aria-label=${`${open ? "Collapse" : "Expand"} ${folder.name}`}
            onClick=${() => setOpen(!open)}>${open ? "▾" : "▸"}</button>`
        : html`<span class="twisty"></span>`}
      <button type="button" class="folder-name" aria-current=${isSelected ? "true" : undefined}
        onClick=${() => onSelect(folder.id)}><${FolderIcon} />${folder.name}</button>
    </div>
    ${open && children.length > 0 &&
    html`<ul role="group">
      ${children.map((c) => html`<${FolderNode} key=${c.folder.id} node=${c} selected=${selected} onSelect=${onSelect} depth=${depth + 1} />`)}
    </ul>`}
  </li>`;
}

export function FolderTree({ store }) {
  const state = useBoardState(store);
  const selected = state.query.folderId;
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState("");
  const [error, setError] = useState(null);
  const select = (folderId) => store.reload({ folderId, viewId: null });

  const create = async (event) => {
    event.preventDefault();
    setError(null);
    try {
      const body = { name: name.trim() };
      if (selected) body.parent_id = selected;
      const folder = await api.post(`${store.base}/folders`, body);
      store.setFolders([...store.get().folders, folder]);
      setName("");
      setAdding(false);
    } catch (err) {
      setError(err.message);
    }
  };

  const tree = folderTree(state.folders, state.boardId);
  return html`<nav class="folder-tree" aria-label="Folders">
    <h2 class="folder-title">Folders</h2>
    <ul role="tree" aria-label="Folders of the board">
      <li role="treeitem" aria-selected=${!selected}>
        <div class=${"folder-row" + (!selected ? " selected" : "")}>
          <span class="twisty"></span>
          <button type="button" class="folder-name" aria-current=${!selected ? "true" : undefined}
            onClick=${() => select(null)}>All items</button>
        </div>
      </li>
      ${tree.map((node) => html`<${FolderNode} key=${node.folder.id} node=${node} selected=${selected} onSelect=${select} depth=${0} />`)}
    </ul>
    ${adding
      ? html`<form class="new-folder" onSubmit=${create}>
          <label for="new-folder-name">Folder name</label>
          <input id="new-folder-name" required maxlength="255" value=${name} autofocus
            onInput=${(e) => setName(e.currentTarget.value)}
            onKeyDown=${(e) => e.key === "Escape" && setAdding(false)} />
          ${error && html`<p role="alert" class="error">${error}</p>`}
          <button type="submit" class="primary">Create folder</button>
          <button type="button" onClick=${() => setAdding(false)}>Cancel</button>
        </form>`
      : html`<button type="button" class="new-folder-button" onClick=${() => setAdding(true)}>+ New folder</button>`}
  </nav>`;
}
