// The item's sub-items: listed by name (every page, in their manual order), opened in the panel,
// and added by name.
import { html, useEffect, useState } from "../lib/html.js";
import { setQuery } from "../router.js";
import { useBoardState } from "../board/store.js";
import { createSubItem } from "./itemApi.js";
import { itemName, nameAttribute } from "../values/itemName.js";

export function SubItems({ store, item, attributes }) {
  const state = useBoardState(store);
  const [error, setError] = useState(null);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  // Read here as well as in the store: a board (re)load empties the store's lists meanwhile.
  const [loaded, setLoaded] = useState(null);

  useEffect(() => {
    let live = true;
    store
      .loadChildren(item.id)
      .then((rows) => live && setLoaded(Object.fromEntries(rows.map((r) => [r.id, r]))))
      .catch((err) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [store, item.id]);

  const ids = state.children[item.id] || (loaded && Object.keys(loaded));
  const child = (id) => state.items[id] || (loaded && loaded[id]);
  const add = async (event) => {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const attribute = nameAttribute(attributes);
      const created = await createSubItem(store.base, item, attribute && attribute.id, name.trim());
      store.upsertItem(created);
      setLoaded((rows) => ({ ...rows, [created.id]: created }));
      setName("");
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return html`<section class="item-section item-subitems" aria-labelledby="item-subitems-title">
    <h3 id="item-subitems-title">Sub-items</h3>
    ${!ids && !error && html`<p class="muted" aria-busy="true">Loading…</p>`}
    ${ids &&
    html`<ul class="item-link-list" aria-label="Sub-items">
      ${ids
        .filter((id) => child(id))
        .map(
          (id) => html`<li key=${id}>
            <button type="button" class="link-button" onClick=${() => setQuery({ item: id })}>
              ${itemName(child(id), attributes)}
            </button>
          </li>`,
        )}
      ${ids.length === 0 && html`<li class="muted">No sub-items.</li>`}
    </ul>`}
    <form class="inline-form" onSubmit=${add}>
      <label for="new-subitem-name" class="visually-hidden">New sub-item name</label>
      <input id="new-subitem-name" type="text" placeholder="New sub-item" value=${name}
        onInput=${(e) => setName(e.currentTarget.value)} />
      <button type="submit" disabled=${busy || !name.trim()}>Add sub-item</button>
    </form>
    ${error && html`<p class="field-error" role="alert">${error}</p>`}
  </section>`;
}
