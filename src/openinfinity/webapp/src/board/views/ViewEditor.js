// Edit a stored view (name, type, kanban columns and card fields, filter, sort) or make a new
// one, and write it through the views API. Save replaces the settings it edits (PUT) and keeps
// the keys other clients stored (column widths, calendar state, ...).
import { html, useState } from "../../lib/html.js";
import { nameAttribute } from "../../values/itemName.js";
import { FilterEditor } from "./FilterEditor.js";
import { SortEditor } from "./SortEditor.js";
import { choicesFor } from "./choices.js";
import { readFilter, toSettingsFilter } from "./filterModel.js";
import { KANBAN, createView, deleteView, putView } from "./viewsApi.js";

function initialDraft(view, state) {
  const settings = view?.settings || {};
  const labels = state.attributes.filter((a) => a.type === "label");
  const top = state.folders.find((f) => !state.folders.some((p) => p.id === f.parent_id)) || state.folders[0];
  return {
    name: view?.name || "",
    type: view?.type || "table",
    folderId: view?.folder_id || state.query?.folderId || top?.id || "",
    includeSubfolders: view ? settings.includeSubfolders === true : true,
    groupBy: settings.groupBy || labels[0]?.id || "",
    cardFields: Array.isArray(settings.attributes) ? settings.attributes.filter((a) => typeof a === "string") : [],
    filter: readFilter(settings.filter),
    sort: Array.isArray(settings.sort?.conditions) ? settings.sort.conditions : [],
  };
}

function errorText(err) {
  const fields = Object.entries(err.errors || {});
  if (!fields.length) return err.message;
  return fields.map(([field, messages]) => `${field}: ${[].concat(messages).join(" ")}`).join("; ");
}

export function ViewEditor({ store, state, view, onSaved, onDeleted, onClose }) {
  const [draft, setDraft] = useState(() => initialDraft(view, state));
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const set = (patch) => setDraft((d) => ({ ...d, ...patch }));
  const byId = Object.fromEntries(state.attributes.map((a) => [a.id, a]));
  const labels = state.attributes.filter((a) => a.type === "label");
  const named = nameAttribute(state.attributes);
  const kanban = draft.type === KANBAN;

  const body = () => {
    const settings = {
      ...(view?.settings || {}),
      includeSubfolders: draft.includeSubfolders,
      filter: toSettingsFilter(draft.filter, byId),
      sort: { conditions: draft.sort },
    };
    if (kanban) {
      settings.groupBy = draft.groupBy || null;
      settings.attributes = draft.cardFields.filter((id) => byId[id]);
    }
    return { name: draft.name.trim() || "Untitled view", type: draft.type, folder_id: draft.folderId, settings };
  };

  const save = async (event) => {
    event.preventDefault();
    if (kanban && !draft.groupBy) {
      setError("A kanban view needs a label attribute for its columns.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const saved = view
        ? await putView(store.base, view.id, body())
        : await createView(store.base, body());
      onSaved(saved);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await deleteView(store.base, view.id);
      onDeleted(view);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  const toggleField = (id, on) =>
    set({ cardFields: on ? [...draft.cardFields.filter((x) => x !== id), id] : draft.cardFields.filter((x) => x !== id) });

  return html`<form class="view-editor" aria-label=${view ? "Edit view" : "New view"} onSubmit=${save}
    onKeyDown=${(e) => e.key === "Escape" && onClose()}>
    <div class="view-editor-row">
      <label for="view-name">View name</label>
      <input id="view-name" maxlength="255" value=${draft.name} required
        onInput=${(e) => set({ name: e.currentTarget.value })} />
      <label for="view-type">Type</label>
      <select id="view-type" value=${draft.type === KANBAN ? KANBAN : draft.type}
        onChange=${(e) => set({ type: e.currentTarget.value })}>
        <option value="table">Table</option>
        <option value=${KANBAN}>Kanban</option>
        ${draft.type !== "table" && draft.type !== KANBAN &&
        html`<option value=${draft.type}>${draft.type} (shown as a table)</option>`}
      </select>
      ${state.folders.length > 1 &&
      html`<label for="view-folder">Folder</label>
        <select id="view-folder" value=${draft.folderId} onChange=${(e) => set({ folderId: e.currentTarget.value })}>
          ${state.folders.map((f) => html`<option key=${f.id} value=${f.id}>${f.name}</option>`)}
        </select>`}
      <label class="inline"><input type="checkbox" checked=${draft.includeSubfolders}
        onChange=${(e) => set({ includeSubfolders: e.currentTarget.checked })} /> Include sub-folders</label>
    </div>
    ${kanban &&
    html`<fieldset class="view-editor-kanban">
      <legend>Kanban</legend>
      <label for="view-group-by">Columns from</label>
      <select id="view-group-by" value=${draft.groupBy} onChange=${(e) => set({ groupBy: e.currentTarget.value })}>
        ${labels.length === 0 && html`<option value="">No label attribute on this board</option>`}
        ${labels.map((a) => html`<option key=${a.id} value=${a.id}>${a.name}</option>`)}
      </select>
      <fieldset class="card-fields">
        <legend>Show on cards</legend>
        ${state.attributes
          .filter((a) => a.id !== named?.id && a.id !== draft.groupBy)
          .map(
            (a) => html`<label key=${a.id} class="inline"><input type="checkbox"
              checked=${draft.cardFields.includes(a.id)} onChange=${(e) => toggleField(a.id, e.currentTarget.checked)} />
              ${a.name}</label>`,
          )}
      </fieldset>
    </fieldset>`}
    <fieldset class="view-editor-filter">
      <legend>Filter</legend>
      <${FilterEditor} tree=${draft.filter} attributes=${state.attributes} choicesFor=${choicesFor(state)}
        onChange=${(filter) => set({ filter })} />
    </fieldset>
    <fieldset class="view-editor-sort">
      <legend>Sort</legend>
      <${SortEditor} conditions=${draft.sort} attributes=${state.attributes} onChange=${(sort) => set({ sort })} />
    </fieldset>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <div class="view-editor-actions">
      <button type="submit" class="primary" disabled=${busy}>${view ? "Save view" : "Create view"}</button>
      <button type="button" onClick=${onClose}>Cancel</button>
      ${view && !confirming && html`<button type="button" class="danger" onClick=${() => setConfirming(true)}>Delete view</button>`}
      ${view && confirming &&
      html`<span role="group" aria-label="Confirm delete">Delete “${view.name}”?
        <button type="button" class="danger" disabled=${busy} onClick=${remove}>Yes, delete</button>
        <button type="button" onClick=${() => setConfirming(false)}>Keep it</button></span>`}
    </div>
  </form>`;
}
