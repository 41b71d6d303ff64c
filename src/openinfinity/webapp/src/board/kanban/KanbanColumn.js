// One kanban column: its header (label chip and count), its cards, the drop target, "Add a card".
import { html, useState } from "../../lib/html.js";
import { textOn } from "../../values/format.js";
import { KanbanCard } from "./KanbanCard.js";
import { AddCard } from "./AddCard.js";

const DRAG_TYPE = "application/x-openinfinity-card";

// The index among the column's cards (without the dragged one) where the pointer would drop it:
// before the first card whose middle is below the pointer.
function dropIndex(list, clientY, draggedId) {
  const cards = [...list.querySelectorAll(".kanban-card")].filter((el) => el.dataset.itemId !== draggedId);
  const index = cards.findIndex((el) => {
    const box = el.getBoundingClientRect();
    return clientY < box.top + box.height / 2;
  });
  return index < 0 ? cards.length : index;
}

export function KanbanColumn({ column, items, store, fields, nameOf, drag, setDrag, sorted, onDrop, moveTargets, onAdd }) {
  const [over, setOver] = useState(null); // drop index while a card hovers
  const headingId = `kanban-col-${column.key || "none"}`;

  const onDragStart = (event, item, from) => {
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData(DRAG_TYPE, JSON.stringify({ itemId: item.id, from }));
    event.dataTransfer.setData("text/plain", nameOf(item));
    setDrag({ itemId: item.id, from });
  };
  const onDragOver = (event) => {
    if (!drag) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    const list = event.currentTarget.querySelector(".kanban-cards");
    setOver(sorted && drag.from !== column.key ? 0 : dropIndex(list, event.clientY, drag.itemId));
  };
  const onDropEvent = (event) => {
    event.preventDefault();
    let payload = drag;
    try {
      payload = JSON.parse(event.dataTransfer.getData(DRAG_TYPE)) || drag;
    } catch {
      /* dragged from elsewhere: use the drag state */
    }
    const list = event.currentTarget.querySelector(".kanban-cards");
    const index = dropIndex(list, event.clientY, payload?.itemId);
    setOver(null);
    setDrag(null);
    if (payload) onDrop(payload.itemId, payload.from, index);
  };

  // Drop indexes count the column's cards without the dragged one; markers are drawn among all.
  const dragged = items.findIndex((item) => item.id === drag?.itemId);
  const slot = (index) => (dragged >= 0 && index > dragged ? index - 1 : index);
  const others = dragged >= 0 ? items.length - 1 : items.length;
  const chip = column.color ? { background: column.color, color: textOn(column.color) } : null;
  return html`<section class=${"kanban-column" + (over !== null ? " drop-target" : "")} aria-labelledby=${headingId}
    data-column=${column.key} onDragOver=${onDragOver} onDragLeave=${(e) => {
      if (!e.currentTarget.contains(e.relatedTarget)) setOver(null);
    }} onDrop=${onDropEvent}>
    <h2 class="kanban-column-head" id=${headingId}>
      <span class=${"kanban-column-name" + (chip ? " chip" : "")} style=${chip}>${column.name}</span>
      <span class="kanban-count" aria-label=${`${items.length} cards`}>${items.length}</span>
    </h2>
    <ul class="kanban-cards" aria-labelledby=${headingId}>
      ${items.map(
        (item, index) => html`${over === slot(index) && item.id !== drag?.itemId && html`<li class="kanban-drop-marker" aria-hidden="true"></li>`}
          <${KanbanCard} key=${item.id} item=${item} name=${nameOf(item)} fields=${fields} store=${store}
            column=${column.key} dragging=${drag?.itemId === item.id} moveTargets=${moveTargets(item)}
            onDragStart=${onDragStart} onDragEnd=${() => {
              setDrag(null);
              setOver(null);
            }} />`,
      )}
      ${over !== null && over >= others && html`<li class="kanban-drop-marker" aria-hidden="true"></li>`}
    </ul>
    <${AddCard} columnKey=${column.key} columnName=${column.name} onAdd=${onAdd} />
  </section>`;
}
