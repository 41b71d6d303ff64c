// The CSV import dialog: a file, an option to create missing labels, a dry run whose report (how
// many items, which columns, every row error) is shown before anything is written, then the import.
import { html, useState } from "../../lib/html.js";
import { api, ApiError } from "../../api/client.js";
import { useBoardState } from "../store.js";

// Attribute types whose value can identify an item (the API's upsert `match`).
const MATCHABLE = new Set(["text", "number", "email", "phone"]);

function form(file, { dryRun, createLabels, folderId, match }) {
  const data = new FormData();
  data.append("file", file);
  data.append("dry_run", dryRun ? "true" : "false");
  data.append("create_labels", createLabels ? "true" : "false");
  if (folderId) data.append("folder_id", folderId);
  if (match) data.append("match", match);
  return data;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function Report({ report }) {
  const n = report.created;
  const errors = report.errors || [];
  return html`<div class="csv-report" aria-live="polite">
    <p data-testid="csv-summary">
      ${plural(n, "item")} ${report.dry_run ? "would be created" : "created"}${report.updated ? `, ${report.updated} ${report.dry_run ? "would be updated" : "updated"}` : ""}${report.new_labels.length ? `, ${plural(report.new_labels.length, "new label")}` : ""}.
    </p>
    ${report.ignored_columns.length > 0 &&
    html`<p class="muted">Skipped columns: ${report.ignored_columns.map((c) => c.column).join(", ")}</p>`}
    ${errors.length > 0 &&
    html`<div role="alert">
      <p class="error">${report.error_count} error${report.error_count === 1 ? "" : "s"}: fix the file and pick it again. Nothing will be imported until there are none.</p>
      <table class="csv-errors">
        <thead><tr><th>Row</th><th>Column</th><th>Problem</th></tr></thead>
        <tbody>${errors.map((e) => html`<tr><td>${e.row}</td><td>${e.column || ""}</td><td>${e.message}</td></tr>`)}</tbody>
      </table>
    </div>`}
  </div>`;
}

export function ImportDialog({ store, onClose }) {
  const state = useBoardState(store);
  const [file, setFile] = useState(null);
  const [createLabels, setCreateLabels] = useState(false);
  const [match, setMatch] = useState("");
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const folderId = state.query?.folderId || null;

  const run = async (dryRun, picked = file, labels = createLabels, key = match) => {
    if (!picked) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.upload(`${store.base}/items/import`, form(picked, { dryRun, createLabels: labels, folderId, match: key }));
      setReport(result);
      if (!dryRun) await store.load(); // new items, and labels the file added
    } catch (err) {
      // 413 (file too large) and unreadable files (422) say why in their message.
      setReport(null);
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const pick = (event) => {
    const picked = event.currentTarget.files[0] || null;
    setFile(picked);
    setReport(null);
    if (picked) run(true, picked);
  };
  const toggleLabels = (event) => {
    setCreateLabels(event.currentTarget.checked);
    if (file) run(true, file, event.currentTarget.checked);
  };
  const chooseMatch = (event) => {
    setMatch(event.currentTarget.value);
    if (file) run(true, file, createLabels, event.currentTarget.value);
  };
  const keys = (state.attributes || []).filter((a) => MATCHABLE.has(a.type));
  const done = report && !report.dry_run;
  const count = report ? report.created + report.updated : 0;
  const ready = report && report.dry_run && report.error_count === 0 && count > 0;

  return html`<div class="csv-backdrop">
    <div class="csv-dialog" role="dialog" aria-modal="true" aria-labelledby="csv-import-title">
      <h2 id="csv-import-title">Import items from CSV</h2>
      ${!done && html`<p class="muted">The first row names the columns (the board's attribute names). Each further row becomes an item.</p>
      <label>CSV file <input type="file" accept=".csv,text/csv" onChange=${pick} disabled=${busy} /></label>
      <label class="check"><input type="checkbox" checked=${createLabels} onChange=${toggleLabels} disabled=${busy} />
        Create labels that do not exist yet</label>
      <label>Update items with the same
        <select value=${match} onChange=${chooseMatch} disabled=${busy}>
          <option value="">(always create new items)</option>
          ${keys.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
        </select></label>`}
      ${busy && html`<p class="muted" aria-busy="true">Reading the file…</p>`}
      ${error && html`<p role="alert" class="error">${error}</p>`}
      ${report && html`<${Report} report=${report} />`}
      <div class="csv-actions">
        ${!done && html`<button type="button" class="primary" disabled=${!ready || busy} onClick=${() => run(false)}>
          Import ${ready ? plural(count, "item") : ""}</button>`}
        <button type="button" onClick=${onClose}>${done ? "Close" : "Cancel"}</button>
      </div>
    </div>
  </div>`;
}
