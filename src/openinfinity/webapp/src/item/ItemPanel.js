// The item panel, opened by `?item=<id>` on a board route: a side panel (full screen on a narrow
// window) with the item's values, sub-items, references, attachments, comments, time tracking and history.
// Focus moves into the panel when it opens and back where it was when it closes; Escape closes it.
import { html, useEffect, useRef, useState } from "../lib/html.js";
import { setQuery } from "../router.js";
import { onBoardEvent, useBoardState } from "../board/store.js";
import { getItem, saveValue } from "./itemApi.js";
import { itemName } from "../values/itemName.js";
import { ItemValues } from "./ItemValues.js";
import { SubItems } from "./SubItems.js";
import { References } from "./References.js";
import { Attachments } from "./Attachments.js";
import { Comments } from "./Comments.js";
import { History } from "./History.js";
import { TimeTracking } from "./TimeTracking.js";

export function ItemPanel({ store, route }) {
  const itemId = route.query.item;
  if (!itemId) return null;
  // keyed: another item starts from a clean panel (no half-typed comment carried over)
  return html`<${OpenItemPanel} key=${itemId} store=${store} itemId=${itemId} />`;
}

export function closeItemPanel() {
  setQuery({ item: null });
}

function OpenItemPanel({ store, itemId }) {
  const state = useBoardState(store);
  const [fetched, setFetched] = useState(null);
  const [error, setError] = useState(null);
  const [deleted, setDeleted] = useState(false);
  const headingRef = useRef(null);

  useEffect(() => {
    let live = true;
    getItem(store.base, itemId)
      .then((item) => {
        if (!live) return;
        setFetched(item);
        store.upsertItem(item, { append: false });
      })
      .catch((err) => live && setError(err.status === 404 ? "This item does not exist (any more)." : err.message));
    return () => {
      live = false;
    };
  }, [store, itemId]);

  // Live changes to this item: the store applies them to its copy; when the store does not hold
  // the item (a reload or search emptied it), the panel reads it again. A deletion is said.
  useEffect(() => {
    let timer = null;
    const off = onBoardEvent((target, { event, payload }) => {
      if (target !== store || !payload) return;
      const id = event.startsWith("value.") ? payload.item_id : event.startsWith("item.") ? payload.id : null;
      if (id !== itemId) return;
      if (event === "item.deleted" || payload.deleted === true) {
        if (event !== "value.deleted") setDeleted(true);
        return;
      }
      if (store.get().items[itemId]) return;
      clearTimeout(timer);
      timer = setTimeout(() => getItem(store.base, itemId).then(setFetched).catch(() => {}), 200);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [store, itemId]);

  useEffect(() => {
    const opener = document.activeElement;
    if (headingRef.current) headingRef.current.focus();
    return () => {
      if (opener && opener.isConnected && typeof opener.focus === "function") opener.focus();
    };
  }, []);

  // The store's copy follows live changes; the fetched one covers items outside the loaded pages.
  const item = state.items[itemId] || fetched;
  const onKeyDown = (event) => {
    if (event.key === "Escape" && !event.defaultPrevented) {
      event.preventDefault();
      closeItemPanel();
    }
  };

  const save = async (attributeId, data) => {
    const updated = await saveValue(store.base, itemId, attributeId, data);
    setFetched(updated);
    store.upsertItem(updated, { append: false });
  };
  const refresh = async () => {
    const updated = await getItem(store.base, itemId);
    setFetched(updated);
    store.upsertItem(updated, { append: false });
  };

  const title = item ? itemName(item, state.attributes) : error ? "Item" : "Loading…";
  return html`<div class="item-panel-backdrop" onClick=${closeItemPanel}></div>
    <aside class="item-panel" role="dialog" aria-labelledby="item-panel-title"
      onKeyDown=${onKeyDown} data-testid="item-panel">
      <header class="item-panel-header">
        <h2 id="item-panel-title" tabindex="-1" ref=${headingRef}>${title}</h2>
        <button type="button" class="icon-button" aria-label="Close item" onClick=${closeItemPanel}>✕</button>
      </header>
      ${error && html`<p role="alert" class="error">${error}</p>`}
      ${deleted && html`<p role="alert" class="error">This item was deleted.</p>`}
      ${!item && !error && html`<p class="muted" aria-busy="true">Loading item…</p>`}
      ${item && !deleted &&
      html`<div class="item-panel-body">
        <${ItemValues} item=${item} attributes=${state.attributes} store=${store} onSave=${save} />
        <${TimeTracking} store=${store} item=${item} attributes=${state.attributes} onStale=${refresh} />
        <${SubItems} store=${store} item=${item} attributes=${state.attributes} />
        <${References} store=${store} item=${item} attributes=${state.attributes} onChanged=${refresh} />
        <${Attachments} store=${store} item=${item} attributes=${state.attributes} onSave=${save}
          onStale=${refresh} />
        <${Comments} store=${store} item=${item} />
        <${History} store=${store} item=${item} attributes=${state.attributes} members=${state.members}
          folders=${state.folders} />
      </div>`}
    </aside>`;
}
