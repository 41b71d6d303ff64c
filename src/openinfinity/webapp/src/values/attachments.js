// attachments: file objects with signed links (`link`, `thumb` for images). Shown as thumbnails
// (or the file name); the editor uploads files (POST /workspaces/{ws}/attachments/file) and
// removes them from the value.
import { html, useState } from "../lib/html.js";
import { api } from "../api/client.js";
import { EditorButtons, editorKeys, Popover } from "./editing.js";

function Display({ value }) {
  if (!Array.isArray(value) || !value.length) return null;
  return html`<span class="v-attachments">
    ${value.map((file) =>
      file.thumb
        ? html`<a key=${file.id} href=${file.link} target="_blank" rel="noopener" onClick=${(e) => e.stopPropagation()}>
            <img class="thumb" src=${file.thumb} alt=${file.original_name || "attachment"} loading="lazy" /></a>`
        : html`<a key=${file.id} class="file-chip" href=${file.link} target="_blank" rel="noopener"
            onClick=${(e) => e.stopPropagation()}>📎 ${file.original_name || `file ${file.id}`}</a>`,
    )}
  </span>`;
}

function Editor({ attribute, value, save, cancel, store }) {
  const [files, setFiles] = useState(() => (Array.isArray(value) ? value : []));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const upload = async (event) => {
    const chosen = [...event.currentTarget.files];
    setBusy(true);
    setError(null);
    try {
      for (const file of chosen) {
        const form = new FormData();
        form.append("file", file);
        const created = await api.upload(`/workspaces/${store.get().ws}/attachments/file`, form);
        setFiles((list) => [...list, created]);
      }
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const submit = () => save(files.map((f) => ({ id: f.id })));
  return html`<${Popover} class="list-editor" onKeyDown=${editorKeys({ onSave: submit, onCancel: cancel })}>
    ${files.map(
      (file) => html`<div class="list-row" key=${file.id}>
        ${file.thumb ? html`<img class="thumb" src=${file.thumb} alt="" />` : "📎"}
        <span>${file.original_name || `file ${file.id}`}</span>
        <button type="button" class="icon-button" aria-label=${`Remove ${file.original_name || file.id}`}
          onClick=${() => setFiles(files.filter((f) => f.id !== file.id))}>×</button>
      </div>`,
    )}
    <label class="upload">Upload files <input type="file" multiple aria-label=${`Upload to ${attribute.name}`}
      onChange=${upload} disabled=${busy} /></label>
    ${busy && html`<span class="muted" aria-live="polite">Uploading…</span>`}
    ${error && html`<span role="alert" class="error">${error}</span>`}
    <${EditorButtons} onSave=${submit} onCancel=${cancel} />
  <//>`;
}

export const attachments = { Display, Editor, editable: true };
