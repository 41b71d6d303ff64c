// The kanban view of a stored `columns` view: one column per label of the view's `groupBy` label
// attribute (in the order of `groupOrder:<id>` when the view has one, else the attribute's), plus
// "No label". Cards are the view's items (its filter and sort apply), in the view's order.
// Dragging a card to another column writes the item's label; dragging within a column writes a
// sort_order between its new neighbours. Each card's "Move" menu does the same from the keyboard.
import { html, useState } from "../../lib/html.js";
import { useBoardState, valueOf } from "../store.js";
import { itemName, nameAttribute } from "../../values/itemName.js";
import { KanbanColumn } from "./KanbanColumn.js";
import { addCard, moveCard } from "./moves.js";
import { columnsOf, NO_LABEL } from "./placement.js";

// Columns in display order: [{key, name, color}], key "" being "No label".
function columnsFor(attribute, view) {
  const labels = attribute.settings?.labels || [];
  const saved = view.settings?.[`groupOrder:${attribute.id}`];
  let ordered = labels;
  if (Array.isArray(saved) && saved.length) {
    // groupOrder lists group keys: compact JSON of label id lists, e.g. '["<id>"]'.
    const rank = new Map();
    saved.forEach((key, index) => {
      try {
        const ids = JSON.parse(key);
        if (Array.isArray(ids) && ids.length === 1 && !rank.has(ids[0])) rank.set(ids[0], index);
      } catch {
        /* a key of another shape orders nothing */
      }
    });
    ordered = labels.slice().sort((a, b) => (rank.get(a.id) ?? 1e9) - (rank.get(b.id) ?? 1e9));
  }
  return [
    { key: NO_LABEL, name: "No label", color: null },
    ...ordered.map((l) => ({ key: l.id, name: l.name || "(no name)", color: l.color })),
  ];
}

function focusMoveButton(itemId, column) {
  const selector = `li.kanban-card[data-item-id="${CSS.escape(itemId)}"][data-column="${CSS.escape(column)}"] .kanban-card-move`;
  document.querySelector(selector)?.focus();
}

export function KanbanView({ store, view }) {
  const state = useBoardState(store);
  const [drag, setDrag] = useState(null); // {itemId, from}
  const [error, setError] = useState(null);
  const attribute = state.attributes.find((a) => a.id === view.settings?.groupBy);
  if (!attribute || attribute.type !== "label") {
    return html`<p class="muted kanban-empty">This kanban view has no label attribute for its columns.
      Choose one with “Edit view”.</p>`;
  }
  const sorted = (view.settings?.sort?.conditions || []).length > 0;
  const named = nameAttribute(state.attributes);
  const byId = Object.fromEntries(state.attributes.map((a) => [a.id, a]));
  const fields = (view.settings?.attributes || []).map((id) => byId[id]).filter(Boolean);
  const columns = columnsFor(attribute, view);
  const cards = Object.fromEntries(columns.map((c) => [c.key, []]));
  for (const id of state.order) {
    const item = state.items[id];
    if (!item) continue;
    for (const key of columnsOf(valueOf(item, attribute.id), attribute)) cards[key]?.push(item);
  }

  const run = async (promise) => {
    setError(null);
    try {
      await promise;
    } catch (err) {
      setError(err.message);
    }
  };
  const move = (item, from, to, index) => {
    const others = cards[to].filter((c) => c.id !== item.id);
    return run(moveCard(store, { item, attribute, from, to, index, others, sorted }));
  };
  const add = (column) => (name) =>
    addCard(store, {
      folderId: view.folder_id,
      nameAttribute: named,
      attribute,
      label: column.key,
      name,
      sorted,
    });

  // The keyboard menu of a card in `column`: the other columns, then up/down within this one.
  // Focus follows the card to its new place, so the next move is one key away.
  const moveTargets = (item, column) => () => {
    const list = cards[column.key];
    const at = list.findIndex((c) => c.id === item.id);
    const moveTo = (to, index) => () => {
      move(item, column.key, to, index);
      requestAnimationFrame(() => focusMoveButton(item.id, to));
    };
    const targets = columns
      .filter((c) => c.key !== column.key)
      .map((c) => ({ key: `to-${c.key}`, label: `Move to ${c.name}`, run: moveTo(c.key, cards[c.key].length) }));
    if (!sorted) {
      targets.push(
        { key: "up", label: "Move up", disabled: at <= 0, run: moveTo(column.key, at - 1) },
        { key: "down", label: "Move down", disabled: at >= list.length - 1, run: moveTo(column.key, at + 1) },
      );
    }
    return targets;
  };

  return html`<div class="kanban" data-testid="kanban">
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${sorted && html`<p class="muted kanban-note">Cards follow the view’s sort; drag between columns to relabel.</p>`}
    <div class="kanban-columns">
      ${columns.map(
        (column) => html`<${KanbanColumn} key=${column.key} column=${column} items=${cards[column.key]} store=${store}
          fields=${fields} nameOf=${(item) => itemName(item, state.attributes)} drag=${drag} setDrag=${setDrag}
          sorted=${sorted} onDrop=${(itemId, from, index) => {
            const item = state.items[itemId];
            if (item) move(item, from, column.key, index);
          }}
          moveTargets=${(item) => moveTargets(item, column)} onAdd=${add(column)} />`,
      )}
    </div>
    ${state.hasMore &&
    html`<button type="button" class="kanban-more" disabled=${state.loading} onClick=${() => store.loadMore()}>
      ${state.loading ? "Loading…" : "Load more cards"}</button>`}
  </div>`;
}
