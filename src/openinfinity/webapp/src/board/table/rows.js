// The grid's rows in display order: each listed item, then (when expanded) its sub-items, nested.
export function visibleRows(state, expanded) {
  const rows = [];
  const seen = new Set();
  const add = (id, depth) => {
    const item = state.items[id];
    if (!item || seen.has(id)) return;
    seen.add(id);
    const open = Boolean(expanded[id]);
    rows.push({ kind: "item", item, depth, expanded: open });
    if (open) {
      (state.children[id] || []).forEach((child) => add(child, depth + 1));
      rows.push({ kind: "add-sub", parent: item, depth: depth + 1 });
    }
  };
  state.order.forEach((id) => add(id, 0));
  return rows;
}
