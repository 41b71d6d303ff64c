// Writes of the kanban: moving a card (its label and/or its place) and adding a card. Each is
// shown at once and written through the API; a refused write puts the card back and says why.
import { api } from "../../api/client.js";
import { writeFinished, writeStarted } from "../echoes.js";
import { applyEvent, valueOf } from "../store.js";
import { labelsAfterMove, labelsOf, NO_LABEL, orderAt, reposition } from "./placement.js";

const VALUES = { "expand[]": ["values"] };

function withLabels(item, attributeId, labels) {
  const values = (item.values || []).filter((v) => v.attribute_id !== attributeId);
  if (labels.length) values.push({ object: "value", attribute_id: attributeId, item_id: item.id, data: labels });
  return { ...item, values };
}

// Moves a card from column `from` to column `to` at `index` among that column's other cards
// (`others`, display order). sorted: the view has its own sort, so the manual order is left alone.
export async function moveCard(store, { item, attribute, from, to, index, others, sorted }) {
  const multiple = attribute.settings?.multiple !== false;
  const current = labelsOf(valueOf(item, attribute.id), attribute);
  const labels = labelsAfterMove(current, from, to, multiple);
  const body = {};
  if (from !== to) body.values = [{ attribute_id: attribute.id, data: labels }];
  if (!sorted) body.sort_order = orderAt(others, index);
  if (!body.values && body.sort_order === undefined) return;

  const before = store.get();
  let moved = body.values ? withLabels(item, attribute.id, labels) : item;
  if (body.sort_order !== undefined) moved = { ...moved, sort_order: String(body.sort_order) };
  store.set((s) => {
    const items = { ...s.items, [item.id]: moved };
    return { items, order: sorted ? s.order : reposition(s.order, items, item.id) };
  });
  const release = (change) => applyEvent(store, change);
  writeStarted(store, item.id);
  let saved;
  try {
    saved = await api.patch(`${store.base}/items/${encodeURIComponent(item.id)}`, body, VALUES);
  } catch (err) {
    store.set({ items: { ...store.get().items, [item.id]: before.items[item.id] }, order: before.order });
    writeFinished(store, item.id, null, release);
    throw err;
  }
  store.set((s) => {
    const items = { ...s.items, [item.id]: { ...s.items[item.id], ...saved } };
    return { items, order: sorted ? s.order : reposition(s.order, items, item.id) };
  });
  writeFinished(store, item.id, saved, release);
}

// A new item in column `label` (or without a label), named `name`. The server gives a new item
// the last place of the manual order, which is the bottom of its column too.
export async function addCard(store, { folderId, nameAttribute, attribute, label, name, sorted }) {
  const values = [];
  if (nameAttribute && name) values.push({ attribute_id: nameAttribute.id, data: name });
  if (label !== NO_LABEL) values.push({ attribute_id: attribute.id, data: [label] });
  const body = { folder_id: folderId, values };
  const created = await api.post(`${store.base}/items`, body, VALUES);
  const item = created.values ? created : await api.get(`${store.base}/items/${encodeURIComponent(created.id)}`, VALUES);
  store.set((s) => {
    if (s.order.includes(item.id)) return { items: { ...s.items, [item.id]: item } };
    const items = { ...s.items, [item.id]: item };
    const order = sorted ? [...s.order, item.id] : reposition([...s.order, item.id], items, item.id);
    return { items, order };
  });
  return item;
}
