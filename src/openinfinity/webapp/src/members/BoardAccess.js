// The boards a restricted member may see: one checkbox per board, each writing the board's
// `user_ids` through the boards API. (Owners, admins and full members see every board.)
import { html, useState } from "../lib/html.js";
import { setBoardAccess } from "./membersApi.js";

export function BoardAccess({ ws, member, boards, editable, onBoardChanged }) {
  const [busy, setBusy] = useState(null);
  const [error, setError] = useState(null);
  // The box shows the choice at once; a refused change puts it back and says why.
  const [wanted, setWanted] = useState({});

  const toggle = async (board, allowed) => {
    setBusy(board.id);
    setError(null);
    setWanted((w) => ({ ...w, [board.id]: allowed }));
    try {
      onBoardChanged(await setBoardAccess(ws, board, member.id, allowed));
    } catch (err) {
      setError(err.message);
    } finally {
      setWanted((w) => {
        const next = { ...w };
        delete next[board.id];
        return next;
      });
      setBusy(null);
    }
  };

  return html`<fieldset class="board-access">
    <legend class="visually-hidden">Boards ${member.name} can see</legend>
    ${boards.map((board) => {
      const id = `access-${member.id}-${board.id}`;
      const allowed = board.id in wanted ? wanted[board.id] : (board.user_ids || []).includes(member.id);
      return html`<div key=${board.id} class="board-access-row">
        <input type="checkbox" id=${id} checked=${allowed} disabled=${!editable || busy === board.id}
          onChange=${(e) => toggle(board, e.currentTarget.checked)} />
        <label for=${id}>${board.name}</label>
      </div>`;
    })}
    ${boards.length === 0 && html`<p class="muted">No boards yet.</p>`}
    ${error && html`<p class="field-error" role="alert">${error}</p>`}
  </fieldset>`;
}
