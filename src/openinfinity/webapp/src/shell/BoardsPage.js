// The boards of a workspace that the person may see (the API applies the access rules), and "create board".
import { html, useEffect, useState } from "../lib/html.js";
import { api } from "../api/client.js";
import { Link } from "../router.js";
import { useSession } from "./session.js";
import { CreateBoard } from "./CreateBoard.js";

export function BoardsPage({ route }) {
  const ws = route.params.ws;
  const { workspaces } = useSession();
  const workspace = workspaces.find((w) => String(w.id) === String(ws));
  const [boards, setBoards] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    let live = true;
    setBoards(null);
    setError(null);
    api
      .all(`/workspaces/${ws}/boards`, { sort_direction: "asc" })
      .then((rows) => live && setBoards(rows))
      .catch((err) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [ws]);

  const added = (board) => setBoards((rows) => [...(rows || []), board]);

  return html`<main class="page boards-page">
    <h1>${workspace ? workspace.name : "Workspace"}: boards</h1>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${!boards && !error && html`<p class="muted" aria-busy="true">Loading boards…</p>`}
    ${boards &&
    html`<ul class="board-list" aria-label="Boards">
      ${boards.map(
        (b) => html`<li key=${b.id}>
          <${Link} class="board-card" href=${`/w/${ws}/b/${b.id}`}>
            <span class="board-swatch" style=${{ background: b.color || "var(--accent)" }}></span>
            <span class="board-name">${b.name}</span>
            ${b.description && html`<span class="muted board-description">${b.description}</span>`}
          <//>
        </li>`,
      )}
      ${boards.length === 0 && html`<li class="muted">No boards yet.</li>`}
    </ul>`}
    <${CreateBoard} ws=${ws} onCreated=${added} />
  </main>`;
}
