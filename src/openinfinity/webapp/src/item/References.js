// The item's references: links from it (its reference columns) and links to it from any board,
// each shown as the other item's name; add one by searching items of this or another board; remove.
import { html, useEffect, useMemo, useState } from "../lib/html.js";
import { api } from "../api/client.js";
import { navigate, setQuery } from "../router.js";
import { createItemDirectory, loadReferences, addReference, removeReference } from "./referencesApi.js";
import { ReferencePicker } from "./ReferencePicker.js";

export function References({ store, item, attributes, onChanged }) {
  const { ws, boardId } = store.get();
  const referenceAttributes = attributes.filter((a) => a.type === "reference");
  const [boards, setBoards] = useState(null);
  const [refs, setRefs] = useState(null);
  const [error, setError] = useState(null);
  const [adding, setAdding] = useState(false);
  const [reloads, setReloads] = useState(0);
  const directory = useMemo(() => boards && createItemDirectory(ws, boards), [ws, boards]);

  useEffect(() => {
    api
      .all(`/workspaces/${ws}/boards`, { sort_direction: "asc" })
      .then(setBoards)
      .catch((err) => setError(err.message));
  }, [ws]);

  useEffect(() => {
    if (!directory) return undefined;
    let live = true;
    loadReferences(ws, item.id, directory)
      .then((found) => live && setRefs(found))
      .catch((err) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [directory, item.id, reloads]);

  const changed = async () => {
    setReloads((n) => n + 1);
    await onChanged();
  };
  const add = async (attributeId, target) => {
    await addReference(ws, boardId, { attributeId, fromItemId: item.id, toItemId: target.id });
    setAdding(false);
    await changed();
  };
  const remove = async (entry) => {
    setError(null);
    try {
      await removeReference(ws, entry.boardId, entry.reference.id);
      await changed();
    } catch (err) {
      setError(err.message);
    }
  };
  const open = (other) => {
    if (!other.boardId) return;
    if (other.boardId === boardId) setQuery({ item: other.id });
    else navigate(`/w/${ws}/b/${encodeURIComponent(other.boardId)}?item=${encodeURIComponent(other.id)}`);
  };
  const attributeName = (id) => (attributes.find((a) => a.id === id) || {}).name || "";

  const row = (entry, direction) => html`<li key=${entry.reference.id} class="reference-row">
    <button type="button" class="link-button" onClick=${() => open(entry.other)} disabled=${!entry.other.boardId}>
      ${entry.other.name}
    </button>
    <span class="muted reference-meta">
      ${direction === "out" ? attributeName(entry.reference.attribute_id) : directory.boardName(entry.boardId)}
      ${entry.other.boardId && entry.other.boardId !== boardId && direction === "out"
        ? ` · ${directory.boardName(entry.other.boardId)}`
        : ""}
    </span>
    <button type="button" class="icon-button" aria-label=${`Remove reference ${direction === "out" ? "to" : "from"} ${entry.other.name}`}
      onClick=${() => remove(entry)}>✕</button>
  </li>`;

  return html`<section class="item-section item-references" aria-labelledby="item-references-title">
    <h3 id="item-references-title">References</h3>
    ${!refs && !error && html`<p class="muted" aria-busy="true">Loading…</p>`}
    ${refs &&
    html`<h4 class="subheading">Links to</h4>
      <ul class="item-link-list" aria-label="Links to">
        ${refs.outgoing.map((e) => row(e, "out"))}
        ${refs.outgoing.length === 0 && html`<li class="muted">None.</li>`}
      </ul>
      <h4 class="subheading">Linked from</h4>
      <ul class="item-link-list" aria-label="Linked from">
        ${refs.incoming.map((e) => row(e, "in"))}
        ${refs.incoming.length === 0 && html`<li class="muted">None.</li>`}
      </ul>`}
    ${error && html`<p class="field-error" role="alert">${error}</p>`}
    ${referenceAttributes.length === 0
      ? html`<p class="muted">Add a column of type reference to link this item to others.</p>`
      : adding && directory
        ? html`<${ReferencePicker} ws=${ws} boardId=${boardId} boards=${boards} directory=${directory}
            itemId=${item.id} attributes=${referenceAttributes} onPick=${add} onCancel=${() => setAdding(false)} />`
        : html`<button type="button" onClick=${() => setAdding(true)} disabled=${!directory}>Add reference</button>`}
  </section>`;
}
