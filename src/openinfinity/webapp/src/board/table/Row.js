// One item as a grid row: a row header (drag handle, sub-item toggle, open button), then one cell per
// attribute. Sub-items are rows too, indented under their parent.
import { html, Component } from "../../lib/html.js";
import { valueOf } from "../store.js";
import { Cell } from "./Cell.js";

function RowContent({ entry, rowIndex, attributes, view, store, session, actions }) {
  const { item, depth, expanded } = entry;
  const cells = attributes.map((attribute, colIndex) => {
    const key = `${item.id}:${attribute.id}`;
    return html`<${Cell} key=${attribute.id} item=${item} attribute=${attribute} value=${valueOf(item, attribute.id)}
      rowIndex=${rowIndex} colIndex=${colIndex}
      active=${view.active.row === rowIndex && view.active.col === colIndex}
      editing=${view.editing === key} typed=${view.editing === key ? view.typed : undefined} error=${view.errors[key]} store=${store} session=${session} actions=${actions} />`;
  });
  const dragging = view.dragging === item.id;
  const dropHere = view.dropTarget === item.id;
  return html`<div role="row" class=${"row" + (depth ? " subitem" : "") + (dragging ? " dragging" : "") + (dropHere ? " drop-target" : "")}
    aria-rowindex=${rowIndex + 2} aria-level=${depth + 1} data-item-id=${item.id} data-testid="item-row"
    onDragOver=${(e) => actions.dragOver(e, item)} onDrop=${(e) => actions.drop(e, item)}>
    <div role="rowheader" class="row-head" style=${{ paddingLeft: `${depth * 18}px` }}>
      ${depth === 0 && view.canReorder &&
      html`<span class="drag-handle" draggable="true" title="Drag to reorder (or Alt+↑/↓)" aria-hidden="true"
        onDragStart=${(e) => actions.dragStart(e, item)} onDragEnd=${actions.dragEnd}>⋮⋮</span>`}
      <button type="button" class="icon-button twisty" aria-expanded=${expanded}
        aria-label=${`${expanded ? "Hide" : "Show"} sub-items`} onClick=${() => actions.toggleChildren(item)}
        >${expanded ? "▾" : "▸"}</button>
      <button type="button" class="icon-button open-item" aria-label="Open item" title="Open item"
        onClick=${() => actions.open(item)}>↗</button>
      <button type="button" class="icon-button delete-item" aria-label="Delete item" title="Delete item"
        onClick=${() => actions.remove(item)}>×</button>
    </div>
    ${cells}
  </div>`;
}

/** True when a row must render again: its item, place or columns changed, or the focus, editor,
 * error or drag state that concerns this row. A long list re-renders only the rows that changed. */
export function rowChanged(a, b) {
  if (a.entry.item !== b.entry.item || a.entry.expanded !== b.entry.expanded || a.entry.depth !== b.entry.depth) {
    return true;
  }
  if (a.rowIndex !== b.rowIndex || a.attributes !== b.attributes || a.session !== b.session || a.store !== b.store) {
    return true;
  }
  const id = a.entry.item.id;
  const mine = (key) => Boolean(key) && key.startsWith(id + ":");
  const activeCol = (props) => (props.view.active.row === props.rowIndex ? props.view.active.col : -1);
  const editing = (view) => (mine(view.editing) ? view.editing : null);
  const va = a.view;
  const vb = b.view;
  if (activeCol(a) !== activeCol(b) || editing(va) !== editing(vb) || va.canReorder !== vb.canReorder) return true;
  if ((va.dragging === id) !== (vb.dragging === id) || (va.dropTarget === id) !== (vb.dropTarget === id)) return true;
  if (va.errors !== vb.errors) {
    for (const key of new Set([...Object.keys(va.errors), ...Object.keys(vb.errors)])) {
      if (mine(key) && va.errors[key] !== vb.errors[key]) return true;
    }
  }
  return false;
}

export class Row extends Component {
  shouldComponentUpdate(next) {
    return rowChanged(this.props, next);
  }

  render(props) {
    return RowContent(props);
  }
}
