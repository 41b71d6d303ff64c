// Picks the item to link to: a board (this one or another the person can see), a search over its
// items (the items list's `q`, as they type), and which reference column holds the link.
import { html, useEffect, useRef, useState } from "../lib/html.js";
import { ApiError } from "../api/client.js";
import { searchItems } from "./referencesApi.js";

const DEBOUNCE_MS = 250;

export function ReferencePicker({ ws, boardId, boards, directory, itemId, attributes, onPick, onCancel }) {
  const [targetBoard, setTargetBoard] = useState(boardId);
  const [attributeId, setAttributeId] = useState(attributes[0].id);
  const [q, setQ] = useState("");
  const [results, setResults] = useState(null);
  const [error, setError] = useState(null);
  const searchRef = useRef(null);
  const latest = useRef(0);

  useEffect(() => {
    if (searchRef.current) searchRef.current.focus();
  }, []);

  useEffect(() => {
    const ticket = ++latest.current;
    const timer = setTimeout(() => {
      searchItems(ws, targetBoard, q, directory)
        .then((rows) => ticket === latest.current && setResults(rows.filter((r) => r.id !== itemId)))
        .catch((err) => ticket === latest.current && setError(err.message));
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [ws, targetBoard, q]);

  const pick = async (target) => {
    setError(null);
    try {
      await onPick(attributeId, target);
    } catch (err) {
      setError(err instanceof ApiError ? err.fieldMessage() : String(err));
    }
  };
  const onKeyDown = (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };

  return html`<div class="reference-picker" onKeyDown=${onKeyDown}>
    <div class="picker-row">
      <label for="reference-board">Board</label>
      <select id="reference-board" value=${targetBoard} onChange=${(e) => setTargetBoard(e.currentTarget.value)}>
        ${boards.map((b) => html`<option key=${b.id} value=${b.id}>${b.name}</option>`)}
      </select>
    </div>
    ${attributes.length > 1 &&
    html`<div class="picker-row">
      <label for="reference-column">Column</label>
      <select id="reference-column" value=${attributeId} onChange=${(e) => setAttributeId(e.currentTarget.value)}>
        ${attributes.map((a) => html`<option key=${a.id} value=${a.id}>${a.name}</option>`)}
      </select>
    </div>`}
    <div class="picker-row">
      <label for="reference-search">Find item</label>
      <input id="reference-search" type="search" ref=${searchRef} value=${q} autocomplete="off"
        onInput=${(e) => setQ(e.currentTarget.value)} />
    </div>
    <ul class="picker-results" aria-label="Items to link">
      ${(results || []).map(
        (r) => html`<li key=${r.id}>
          <button type="button" class="link-button" onClick=${() => pick(r)}>${r.name}</button>
        </li>`,
      )}
      ${results && results.length === 0 && html`<li class="muted">No items found.</li>`}
    </ul>
    ${error && html`<p class="field-error" role="alert">${error}</p>`}
    <button type="button" onClick=${onCancel}>Cancel</button>
  </div>`;
}
