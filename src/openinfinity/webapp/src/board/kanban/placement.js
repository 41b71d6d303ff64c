// Where a card sits and what a move writes. Pure functions, so the drag-and-drop handlers and
// the keyboard "move to" menu share one definition of a move.

// The API's spacing of manual order (seed: "incremented by powers of two (2^16)").
export const ORDER_STEP = 65536;

export const NO_LABEL = "";

export function orderOf(item) {
  const n = Number(item.sort_order);
  return Number.isFinite(n) ? n : 0;
}

// A sort_order strictly between two neighbours (either may be missing: top or bottom of a column).
export function orderBetween(before, after) {
  if (before == null && after == null) return ORDER_STEP;
  if (before == null) return after - ORDER_STEP;
  if (after == null) return before + ORDER_STEP;
  return (before + after) / 2;
}

// The label ids of a label value (`data`) that are labels the attribute still has.
export function labelsOf(data, attribute) {
  const known = new Set((attribute.settings?.labels || []).map((label) => label.id));
  return Array.isArray(data) ? data.filter((id) => known.has(id)) : [];
}

// The columns a card shows in: one per label it has (a multi-label item is in each of them),
// or the "no label" column.
export function columnsOf(data, attribute) {
  const labels = labelsOf(data, attribute);
  return labels.length ? labels : [NO_LABEL];
}

// Ids in manual order with `id` moved where its sort_order places it; the others keep their places.
export function reposition(order, items, id) {
  const rest = order.filter((x) => x !== id);
  const target = orderOf(items[id]);
  let index = rest.findIndex((x) => items[x] && orderOf(items[x]) > target);
  if (index < 0) index = rest.length;
  rest.splice(index, 0, id);
  return rest;
}

// The labels after moving a card from one column to another: the label of the column it left is
// replaced by the label of the column it entered; the others an item has stay.
export function labelsAfterMove(current, from, to, multiple) {
  if (from === to) return current;
  if (!multiple) return to === NO_LABEL ? [] : [to];
  const kept = current.filter((id) => id !== from && id !== to);
  return to === NO_LABEL ? kept : [...kept, to];
}

// The sort_order for a card dropped at `index` of a column whose cards (without the moved one)
// are `others`, in display order.
export function orderAt(others, index) {
  const before = index > 0 ? orderOf(others[index - 1]) : null;
  const after = index < others.length ? orderOf(others[index]) : null;
  return orderBetween(before, after);
}
