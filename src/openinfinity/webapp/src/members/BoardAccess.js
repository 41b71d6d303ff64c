// The boards a restricted member may see: one checkbox per board, each writing the board's
// `user_ids` through the boards API. (Owners, admins and full members see every board.)
import { html, useState } from "../lib/html.js";
import { setBoardAccess } from "./membersApi.js";

export function BoardAccess({ ws, member, boards, editable, onBoardChanged }) {
  const [busy, setBusy] = useState(null);
  const [error, setError] = useState(null);

  const toggle = async (board, allowed) => {
    setBusy(board.id);
    setError(null);
    try {
      onBoardChanged(await setBoardAccess(ws, board, member.id, allowed));
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(null);
    }
  };

  return html`<fieldset class="board-access">
    <legend class="visually-hidden">Boards ${member.name} can see</legend>
    ${boards.map((board) => {
      const id = `access-${member.id}-${board.id}`;
      const allowed = (board.user_ids || []).includes(member.id);
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
