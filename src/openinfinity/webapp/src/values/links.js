// links: [{id, url, name, favicon}], shown as links (name or host); edited as rows of url + name.
import { html, useState } from "../lib/html.js";
import { EditorButtons, editorKeys, useAutoFocus, Popover } from "./editing.js";

function host(url) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function safeHref(url) {
  return /^(https?:|mailto:)/i.test(url || "") ? url : undefined;
}

function Display({ value }) {
  if (!Array.isArray(value) || !value.length) return null;
  return html`<span class="v-links">
    ${value.map(
      (link) => html`<a key=${link.id} href=${safeHref(link.url)} target="_blank" rel="noopener noreferrer"
        onClick=${(e) => e.stopPropagation()}>${link.name || host(link.url)}</a>`,
    )}
  </span>`;
}

function Editor({ attribute, value, save, cancel }) {
  const [rows, setRows] = useState(() => (Array.isArray(value) ? value.map((l) => ({ ...l })) : []));
  const [url, setUrl] = useState("");
  const ref = useAutoFocus();
  const update = (i, patch) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const withTyped = () => (url.trim() ? [...rows, { url: url.trim(), name: "" }] : rows);
  const submit = () => save(withTyped().map(({ id, url: u, name, favicon }) => ({ id, url: u, name, favicon })));
  const add = () => {
    if (!url.trim()) return;
    setRows(withTyped());
    setUrl("");
  };
  return html`<${Popover} class="list-editor" onKeyDown=${editorKeys({ onSave: submit, onCancel: cancel })}>
    ${rows.map(
      (row, i) => html`<div class="list-row" key=${row.id || i}>
        <input aria-label=${`Link ${i + 1} address`} value=${row.url} onInput=${(e) => update(i, { url: e.currentTarget.value })} />
        <input aria-label=${`Link ${i + 1} name`} placeholder="Name" value=${row.name || ""}
          onInput=${(e) => update(i, { name: e.currentTarget.value })} />
        <button type="button" class="icon-button" aria-label=${`Remove link ${i + 1}`}
          onClick=${() => setRows(rows.filter((_, j) => j !== i))}>×</button>
      </div>`,
    )}
    <div class="list-row">
      <input ref=${ref} aria-label=${`New link of ${attribute.name}`} placeholder="https://…" value=${url}
        onInput=${(e) => setUrl(e.currentTarget.value)} />
      <button type="button" onClick=${add}>Add</button>
    </div>
    <${EditorButtons} onSave=${submit} onCancel=${cancel} />
  <//>`;
}

export const links = { Display, Editor, editable: true };
