// The item's files (its attachments columns): upload by drag-and-drop or the file picker through
// the workspace's upload endpoint, then set on the column; images show their thumbnail; names
// download through the signed links every read of the item returns (they expire, so never cached).
import { html, useEffect, useRef, useState } from "../lib/html.js";
import { api, ApiError } from "../api/client.js";
import { valueOf } from "../board/store.js";

// A change-feed event carries an attachments value as ids only (no signed links): the item is
// read again then, at most once a second.
const REFRESH_GAP_MS = 1000;

export function Attachments({ store, item, attributes, onSave, onStale }) {
  const { ws } = store.get();
  const columns = attributes.filter((a) => a.type === "attachments");
  const [columnId, setColumnId] = useState(columns.length ? columns[0].id : null);
  const [busy, setBusy] = useState(null);
  const [error, setError] = useState(null);
  const [over, setOver] = useState(false);

  const column = columns.find((a) => a.id === columnId) || columns[0];
  const filesOf = (attribute) => {
    const data = valueOf(item, attribute.id);
    return Array.isArray(data) ? data : [];
  };
  const unlinked = columns.some((a) => filesOf(a).some((f) => !f.link));
  const lastRefresh = useRef(0);
  useEffect(() => {
    if (!unlinked || !onStale) return undefined;
    const wait = Math.max(0, lastRefresh.current + REFRESH_GAP_MS - Date.now());
    const timer = setTimeout(() => {
      lastRefresh.current = Date.now();
      onStale().catch(() => {});
    }, wait);
    return () => clearTimeout(timer);
  }, [unlinked, item]);

  const uploadAll = async (fileList) => {
    const files = [...(fileList || [])];
    if (!files.length || !column) return;
    setError(null);
    try {
      const added = [];
      for (const [i, file] of files.entries()) {
        setBusy(`Uploading ${file.name} (${i + 1}/${files.length})…`);
        const form = new FormData();
        form.append("file", file, file.name);
        added.push(await api.upload(`/workspaces/${ws}/attachments/file`, form));
      }
      setBusy("Saving…");
      const ids = [...filesOf(column), ...added].map((f) => ({ id: f.id }));
      await onSave(column.id, ids);
    } catch (err) {
      setError(err instanceof ApiError ? err.fieldMessage() : String(err));
    } finally {
      setBusy(null);
    }
  };
  const remove = async (attribute, file) => {
    setError(null);
    try {
      const ids = filesOf(attribute).filter((f) => f.id !== file.id).map((f) => ({ id: f.id }));
      await onSave(attribute.id, ids);
    } catch (err) {
      setError(err instanceof ApiError ? err.fieldMessage() : String(err));
    }
  };

  const onDrop = (event) => {
    event.preventDefault();
    setOver(false);
    uploadAll(event.dataTransfer && event.dataTransfer.files);
  };
  const onDragOver = (event) => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    setOver(true);
  };

  if (!columns.length) {
    return html`<section class="item-section item-attachments" aria-labelledby="item-attachments-title">
      <h3 id="item-attachments-title">Attachments</h3>
      <p class="muted">Add a column of type attachments to attach files.</p>
    </section>`;
  }

  return html`<section class="item-section item-attachments" aria-labelledby="item-attachments-title">
    <h3 id="item-attachments-title">Attachments</h3>
    ${columns.map(
      (attribute) => html`<div key=${attribute.id} class="attachment-column">
        ${columns.length > 1 && html`<h4 class="subheading">${attribute.name}</h4>`}
        <ul class="attachment-list" aria-label=${`Files in ${attribute.name}`}>
          ${filesOf(attribute).map(
            (file) => html`<li key=${file.id} class="attachment">
              ${file.thumb
                ? html`<a href=${file.link} target="_blank" rel="noopener" class="attachment-thumb">
                    <img src=${file.thumb} alt=${`Preview of ${file.original_name}`} loading="lazy" /></a>`
                : html`<span class="attachment-icon" aria-hidden="true">${(file.extension || "file").slice(0, 4)}</span>`}
              <span class="attachment-meta">
                <a href=${file.link} download=${file.original_name}>${file.original_name}</a>
                <span class="muted">${formatSize(file.filesize)}</span>
              </span>
              <button type="button" class="icon-button" aria-label=${`Remove ${file.original_name}`}
                onClick=${() => remove(attribute, file)}>✕</button>
            </li>`,
          )}
          ${filesOf(attribute).length === 0 && html`<li class="muted">No files.</li>`}
        </ul>
      </div>`,
    )}
    <div class=${"dropzone" + (over ? " over" : "")} onDrop=${onDrop} onDragOver=${onDragOver}
      onDragLeave=${() => setOver(false)} data-testid="attachment-dropzone">
      <p>Drop files here, or</p>
      <label class="button" for="attachment-input">Choose files</label>
      <input id="attachment-input" class="visually-hidden" type="file" multiple
        onChange=${(e) => {
          uploadAll(e.currentTarget.files);
          e.currentTarget.value = "";
        }} />
      ${columns.length > 1 &&
      html`<label for="attachment-column">into</label>
        <select id="attachment-column" value=${column.id} onChange=${(e) => setColumnId(e.currentTarget.value)}>
          ${columns.map((a) => html`<option key=${a.id} value=${a.id}>${a.name}</option>`)}
        </select>`}
    </div>
    ${busy && html`<p class="muted" role="status">${busy}</p>`}
    ${error && html`<p class="field-error" role="alert">${error}</p>`}
  </section>`;
}

function formatSize(bytes) {
  if (!Number.isFinite(bytes)) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
