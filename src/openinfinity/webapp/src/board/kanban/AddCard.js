// "Add a card" at the bottom of a column: a name, Enter creates the item with the column's label.
import { html, useState } from "../../lib/html.js";
import { useAutoFocus } from "../../values/editing.js";

function AddCardForm({ id, columnName, onAdd, onClose }) {
  const [name, setName] = useState("");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const ref = useAutoFocus();
  const submit = async (event) => {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await onAdd(name.trim());
      setName("");
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="kanban-add-form" onSubmit=${submit}
    onKeyDown=${(e) => e.key === "Escape" && onClose()}>
    <label for=${id} class="visually-hidden">New card in ${columnName}</label>
    <input id=${id} ref=${ref} value=${name} placeholder="Card name"
      onInput=${(e) => setName(e.currentTarget.value)} />
    <button type="submit" class="primary" disabled=${busy}>Add</button>
    <button type="button" onClick=${onClose}>Cancel</button>
    ${error && html`<p role="alert" class="error">${error}</p>`}
  </form>`;
}

export function AddCard({ columnKey, columnName, onAdd }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return html`<button type="button" class="kanban-add" aria-label=${`Add a card to ${columnName}`}
      onClick=${() => setOpen(true)}>+ Add a card</button>`;
  }
  return html`<${AddCardForm} id=${`add-card-${columnKey || "none"}`} columnName=${columnName} onAdd=${onAdd}
    onClose=${() => setOpen(false)} />`;
}
