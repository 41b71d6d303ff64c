// One item as a grid row: a row header (drag handle, sub-item toggle, open button), then one cell per
// attribute. Sub-items are rows too, indented under their parent.
import { html } from "../../lib/html.js";
import { valueOf } from "../store.js";
import { Cell } from "./Cell.js";

export function Row({ entry, rowIndex, attributes, view, store, session, actions }) {
  const { item, depth, expanded } = entry;
  const cells = attributes.map((attribute, colIndex) => {
    const key = `${item.id}:${attribute.id}`;
    return html`<${Cell} key=${attribute.id} item=${item} attribute=${attribute} value=${valueOf(item, attribute.id)}
      rowIndex=${rowIndex} colIndex=${colIndex}
      active=${view.active.row === rowIndex && view.active.col === colIndex}
      editing=${view.editing === key} error=${view.errors[key]} store=${store} session=${session} actions=${actions} />`;
  });
  const dragging = view.dragging === item.id;
  const dropHere = view.dropTarget === item.id;
  return html`<div role="row" class=${"row" + (depth ? " subitem" : "") + (dragging ? " dragging" : "") + (dropHere ? " drop-target" : "")}
    aria-rowindex=${rowIndex + 2} aria-level=${depth + 1} data-item-id=${item.id} data-testid="item-row"
    onDragOver=${(e) => actions.dragOver(e, item)} onDrop=${(e) => actions.drop(e, item)}>
    <div role="rowheader" class="row-head" style=${{ paddingLeft: `${depth * 18}px` }}>
      ${depth === 0 &&
      html`<span class="drag-handle" draggable="true" title="Drag to reorder (or Alt+↑/↓)" aria-hidden="true"
        onDragStart=${(e) => actions.dragStart(e, item)} onDragEnd=${actions.dragEnd}>⋮⋮</span>`}
      <button type="button" class="icon-button twisty" aria-expanded=${expanded}
        aria-label=${`${expanded ? "Hide" : "Show"} sub-items`} onClick=${() => actions.toggleChildren(item)}
        >${expanded ? "▾" : "▸"}</button>
      <button type="button" class="icon-button open-item" aria-label="Open item" title="Open item"
        onClick=${() => actions.open(item)}>↗</button>
    </div>
    ${cells}
  </div>`;
}
