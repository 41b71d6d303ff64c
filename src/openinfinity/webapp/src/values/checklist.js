// checklist: [{id, name, done}], shown as "n/m done"; edited as a list of ticks and names.
import { html, useState } from "../lib/html.js";
import { EditorButtons, editorKeys, useAutoFocus, Popover } from "./editing.js";

function Display({ value }) {
  if (!Array.isArray(value) || !value.length) return null;
  const done = value.filter((entry) => entry.done).length;
  return html`<span class=${"v-checklist" + (done === value.length ? " complete" : "")}
    title=${value.map((e) => (e.done ? "✓ " : "☐ ") + e.name).join("\n")}>☑ ${done}/${value.length} done</span>`;
}

function Editor({ attribute, value, save, cancel }) {
  const [rows, setRows] = useState(() => (Array.isArray(value) ? value.map((e) => ({ ...e })) : []));
  const [name, setName] = useState("");
  const ref = useAutoFocus();
  const update = (i, patch) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const withTyped = () => (name.trim() ? [...rows, { name: name.trim(), done: false }] : rows);
  const submit = () => save(withTyped());
  const add = () => {
    if (!name.trim()) return;
    setRows(withTyped());
    setName("");
  };
  return html`<${Popover} class="list-editor" onKeyDown=${editorKeys({ onSave: submit, onCancel: cancel })}>
    ${rows.map(
      (row, i) => html`<div class="list-row" key=${row.id || i}>
        <input type="checkbox" aria-label=${`Done: ${row.name}`} checked=${row.done}
          onChange=${(e) => update(i, { done: e.currentTarget.checked })} />
        <input aria-label=${`Entry ${i + 1}`} value=${row.name} onInput=${(e) => update(i, { name: e.currentTarget.value })} />
        <button type="button" class="icon-button" aria-label=${`Remove ${row.name}`}
          onClick=${() => setRows(rows.filter((_, j) => j !== i))}>×</button>
      </div>`,
    )}
    <div class="list-row">
      <input ref=${ref} aria-label=${`New entry of ${attribute.name}`} placeholder="New entry" value=${name}
        onInput=${(e) => setName(e.currentTarget.value)}
        onKeyDown=${(e) => {
          if (e.key === "Enter" && name.trim() && !e.ctrlKey) {
            e.preventDefault();
            e.stopPropagation();
            add();
          }
        }} />
      <button type="button" onClick=${add}>Add</button>
    </div>
    <${EditorButtons} onSave=${submit} onCancel=${cancel} />
  <//>`;
}

export const checklist = { Display, Editor, editable: true };
