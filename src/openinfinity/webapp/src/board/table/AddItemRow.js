// "Add item" (or "Add sub-item" under a parent): a name field; the item goes into the selected
// folder (a sub-item into its parent's folder). A board without folders gets one first.
import { html, useState } from "../../lib/html.js";
import { api } from "../../api/client.js";
import { nameAttribute } from "../../values/itemName.js";

async function targetFolder(store, parent) {
  if (parent) return parent.folder_id;
  const state = store.get();
  if (state.query.folderId) return state.query.folderId;
  if (state.folders.length) return state.folders[0].id;
  const folder = await api.post(`${store.base}/folders`, { name: "Items" });
  store.setFolders([folder]);
  return folder.id;
}

export function AddItemRow({ store, parent }) {
  const [name, setName] = useState("");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const label = parent ? "New sub-item name" : "New item name";

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const folderId = await targetFolder(store, parent);
      const attribute = nameAttribute(store.get().attributes);
      const body = { folder_id: folderId, values: [] };
      if (attribute && name.trim()) body.values.push({ attribute_id: attribute.id, data: name.trim() });
      if (parent) body.parent_id = parent.id;
      const item = await api.post(`${store.base}/items`, body, { "expand[]": ["values"] });
      store.upsertItem(item);
      setName("");
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return html`<form class="add-item" onSubmit=${submit}>
    <input aria-label=${label} placeholder=${parent ? "Sub-item name" : "Item name"} value=${name}
      onInput=${(e) => setName(e.currentTarget.value)} />
    <button type="submit" disabled=${busy}>${parent ? "Add sub-item" : "Add item"}</button>
    ${error && html`<span role="alert" class="error">${error}</span>`}
  </form>`;
}
