// The item panel's calls to /api/v2: one item with its values, value writes, sub-items.
import { api } from "../api/client.js";

const VALUES = { "expand[]": ["values"] };

export function getItem(base, itemId) {
  return api.get(`${base}/items/${encodeURIComponent(itemId)}`, VALUES);
}

/** Writes one attribute's value; the API answers with the whole item (values expanded). */
export function saveValue(base, itemId, attributeId, data) {
  return api.patch(
    `${base}/items/${encodeURIComponent(itemId)}`,
    { values: [{ attribute_id: attributeId, data }] },
    VALUES,
  );
}

/** A new sub-item of `parent`, in the parent's folder, named through the board's name attribute. */
export function createSubItem(base, parent, nameAttributeId, name) {
  const values = nameAttributeId ? [{ attribute_id: nameAttributeId, data: name }] : [];
  return api.post(`${base}/items`, { folder_id: parent.folder_id, parent_id: parent.id, values }, VALUES);
}
