// "Create board": a name (and optional description); opens the new board on success.
import { html, useState } from "../lib/html.js";
import { api } from "../api/client.js";
import { navigate } from "../router.js";

export function CreateBoard({ ws, onCreated }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const board = await api.post(`/workspaces/${ws}/boards`, { name, description: description || null });
      onCreated(board);
      navigate(`/w/${ws}/b/${board.id}`);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return html`<form class="create-board card" onSubmit=${submit} aria-label="Create board">
    <h2>Create board</h2>
    <label for="new-board-name">Board name</label>
    <input id="new-board-name" required maxlength="255" value=${name} onInput=${(e) => setName(e.currentTarget.value)} />
    <label for="new-board-description">Description</label>
    <input id="new-board-description" value=${description}
      onInput=${(e) => setDescription(e.currentTarget.value)} />
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <button type="submit" class="primary" disabled=${busy}>Create board</button>
  </form>`;
}
