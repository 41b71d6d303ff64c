// A board: title, the folder tree beside the table of its items. One store per open board,
// shared by every part of the page (table, kanban, views, search, item panel, live updates).
import { html, useEffect, useMemo, useState } from "../lib/html.js";
import { createBoardStore, useBoardState } from "./store.js";
import { FolderTree } from "./folders/FolderTree.js";
import { TableView } from "./table/TableView.js";
import { BoardViews } from "./views/BoardViews.js";
import { LiveStatus, useLiveBoard } from "../live/useLiveBoard.js";
import { SearchBox } from "./search/SearchBox.js";
import { ItemPanel } from "../item/ItemPanel.js";
import { CsvButtons } from "./csv/CsvButtons.js";

export function BoardPage({ route }) {
  const { ws, board } = route.params;
  const store = useMemo(() => createBoardStore(ws, board), [ws, board]);
  const state = useBoardState(store);
  const [foldersOpen, setFoldersOpen] = useState(true);

  useEffect(() => {
    store.load();
  }, [store]);
  useLiveBoard(store);

  if (state.error && !state.board) {
    return html`<main class="page"><p role="alert" class="error">${state.error}</p></main>`;
  }
  if (!state.board) return html`<main class="page"><p class="muted" aria-busy="true">Loading board…</p></main>`;

  return html`<main class="board-page">
    <div class="board-header">
      <button type="button" class="icon-button folders-toggle" aria-label="Show or hide folders"
        aria-expanded=${foldersOpen} onClick=${() => setFoldersOpen(!foldersOpen)}>☰</button>
      <h1>${state.board.name}</h1>
      <${LiveStatus} store=${store} />
      <${SearchBox} store=${store} />
      <${CsvButtons} store=${store} />
    </div>
    <div class=${"board-body" + (foldersOpen ? " with-folders" : "")}>
      ${foldersOpen && html`<${FolderTree} store=${store} />`}
      <section class="board-main" aria-label="Items">
        <${BoardViews} store=${store} route=${route}><${TableView} store=${store} route=${route} /><//>
      </section>
    </div>
    <${ItemPanel} store=${store} route=${route} />
  </main>`;
}
