// The table view: a role=grid with one row per item and one column per attribute. Arrow keys move
// between cells, Enter edits (or toggles a checkbox/vote), Escape cancels; rows reorder by drag or
// Alt+↑/↓; the next keyset page loads when the end of the list scrolls into view.
import { html, useLayoutEffect, useMemo, useRef, useState } from "../../lib/html.js";
import { api } from "../../api/client.js";
import { setQuery } from "../../router.js";
import { useSession } from "../../shell/session.js";
import { valueType } from "../../values/registry.js";
import { itemName } from "../../values/itemName.js";
import { useBoardState } from "../store.js";
import { ColumnHeader } from "./ColumnHeader.js";
import { AddColumn } from "./AddColumn.js";
import { Row } from "./Row.js";
import { AddItemRow } from "./AddItemRow.js";
import { visibleRows } from "./rows.js";
import { sortOrderBetween } from "./reorder.js";
import { valueError } from "./messages.js";
import { useInfiniteScroll } from "./useInfiniteScroll.js";
import { gridTemplate } from "./columns.js";

const EXPAND = { "expand[]": ["values"] };

export function TableView({ store }) {
  const state = useBoardState(store);
  const session = useSession();
  const [active, setActive] = useState({ row: 0, col: 0 });
  const [editing, setEditing] = useState(null);
  const [typed, setTyped] = useState(undefined); // the key that opened the editor, if typing did
  const [errors, setErrors] = useState({});
  const [expanded, setExpanded] = useState({});
  const [drag, setDrag] = useState({ id: null, over: null });
  const [addingColumn, setAddingColumn] = useState(false);
  const [notice, setNotice] = useState(null);
  const gridRef = useRef(null);
  const focusPending = useRef(false);

  const attributes = state.attributes;
  const rows = useMemo(() => visibleRows(state, expanded), [state.order, state.items, state.children, expanded]);
  const sentinel = useInfiniteScroll(() => store.loadMore(), state.hasMore && !state.loading);

  // Focus follows the active cell after keyboard moves (not on every render: typing elsewhere stays put).
  useLayoutEffect(() => {
    if (!focusPending.current || !gridRef.current) return;
    focusPending.current = false;
    const cell = gridRef.current.querySelector(`[data-row="${active.row}"][data-col="${active.col}"]`);
    if (cell) cell.focus();
  });

  const setError = (key, message) =>
    setErrors((all) => {
      const next = { ...all };
      if (message) next[key] = message;
      else delete next[key];
      return next;
    });

  const saveValue = async (item, attribute, data) => {
    const key = `${item.id}:${attribute.id}`;
    try {
      const updated = await api.put(`${store.base}/items/${item.id}`, { values: [{ attribute_id: attribute.id, data }] }, EXPAND);
      store.upsertItem(updated);
      setError(key, null);
      setEditing((current) => (current === key ? null : current));
      focusPending.current = true;
    } catch (err) {
      setError(key, valueError(err, attribute));
    }
  };

  const actions = {
    activate(row, col) {
      setActive((current) => (current.row === row && current.col === col ? current : { row, col }));
    },
    edit(item, attribute, row, col) {
      setActive({ row, col });
      const type = valueType(attribute.type);
      if (!type.editable) return;
      if (type.toggle) {
        const current = (item.values || []).find((v) => v.attribute_id === attribute.id);
        saveValue(item, attribute, type.toggle(current ? current.data : undefined, { session }));
        return;
      }
      if (type.Editor) {
        setTyped(undefined);
        setEditing(`${item.id}:${attribute.id}`);
      }
    },
    save: saveValue,
    cancel(item, attribute) {
      const key = `${item.id}:${attribute.id}`;
      setEditing(null);
      setError(key, null);
      focusPending.current = true;
    },
    open(item) {
      setQuery({ item: item.id });
    },
    async remove(item) {
      const name = itemName(item, store.get().attributes);
      if (!window.confirm(`Delete "${name}"${item.parent_id ? "" : " and its sub-items"}?`)) return;
      try {
        await api.del(`${store.base}/items/${item.id}`);
        store.removeItem(item.id);
        setNotice(null);
      } catch (err) {
        setNotice(`Could not delete "${name}": ${err.message}`);
      }
    },
    async toggleChildren(item) {
      const open = !expanded[item.id];
      setExpanded({ ...expanded, [item.id]: open });
      if (open) await store.loadChildren(item.id);
    },
    dragStart(event, item) {
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.id);
      setDrag({ id: item.id, over: null });
    },
    dragOver(event, item) {
      if (!drag.id || item.parent_id) return;
      event.preventDefault();
      if (drag.over !== item.id) setDrag({ ...drag, over: item.id });
    },
    drop(event, target) {
      event.preventDefault();
      const id = drag.id || event.dataTransfer.getData("text/plain");
      setDrag({ id: null, over: null });
      if (id && id !== target.id && !target.parent_id) moveTo(id, store.get().order.indexOf(target.id));
    },
    dragEnd() {
      setDrag({ id: null, over: null });
    },
  };

  // Rows get one stable actions object (calls go to this render's functions), so a row whose
  // props did not change can skip rendering.
  const actionsRef = useRef(actions);
  actionsRef.current = actions;
  const rowActions = useMemo(
    () => new Proxy({}, { get: (_, name) => (...args) => actionsRef.current[name](...args) }),
    [],
  );

  /** Moves item `id` to position `index` of the list and stores its new sort_order. */
  const moveTo = async (id, index) => {
    if (!canReorder) return;
    const { order, items } = store.get();
    const from = order.indexOf(id);
    if (from < 0 || index < 0 || index >= order.length || from === index) return;
    const rest = order.filter((x) => x !== id);
    const before = items[rest[index - 1]];
    const after = items[rest[index]];
    const sortOrder = sortOrderBetween(before, after);
    store.moveItem(id, index);
    try {
      const updated = await api.put(`${store.base}/items/${id}`, { sort_order: sortOrder }, EXPAND);
      store.upsertItem(updated);
      setNotice(null);
    } catch (err) {
      store.moveItem(id, from);
      setNotice(`Could not move the row: ${err.message}`);
    }
  };

  const onKeyDown = (event) => {
    const target = event.target;
    if (target.closest(".editor-popover, .cell-input, input, textarea, select, button, .menu")) return;
    if (!target.closest('[role="gridcell"]')) return;
    const { row, col } = active;
    const entry = rows[row];
    const lastRow = rows.length - 1;
    const move = (r, c) => {
      event.preventDefault();
      focusPending.current = true;
      setActive({ row: Math.max(0, Math.min(lastRow, r)), col: Math.max(0, Math.min(attributes.length - 1, c)) });
    };
    if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown") && entry && entry.kind === "item" && !entry.depth) {
      event.preventDefault();
      const index = store.get().order.indexOf(entry.item.id) + (event.key === "ArrowUp" ? -1 : 1);
      moveTo(entry.item.id, index);
      focusPending.current = true;
      setActive({ row: row + (event.key === "ArrowUp" ? -1 : 1), col });
      return;
    }
    switch (event.key) {
      case "ArrowUp":
        return move(row - 1, col);
      case "ArrowDown":
        return move(row + 1, col);
      case "ArrowLeft":
        return move(row, col - 1);
      case "ArrowRight":
        return move(row, col + 1);
      case "Home":
        return move(row, 0);
      case "End":
        return move(row, attributes.length - 1);
      case "PageDown":
        return move(row + 10, col);
      case "PageUp":
        return move(row - 10, col);
      case "Enter":
      case "F2":
      case " ":
        if (entry && entry.kind === "item" && attributes[col]) {
          event.preventDefault();
          actions.edit(entry.item, attributes[col], row, col);
        }
        return undefined;
      default:
        // Typing on a text-like cell starts editing it with what was typed, as in a spreadsheet.
        if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey && entry && entry.kind === "item") {
          const attribute = attributes[col];
          if (attribute && valueType(attribute.type).typeToEdit) {
            event.preventDefault();
            const key = `${entry.item.id}:${attribute.id}`;
            // Keys that arrive before the editor has focus are added to what it starts with.
            setTyped((before) => (editing === key && before !== undefined ? before + event.key : event.key));
            setEditing(key);
          }
        }
        return undefined;
    }
  };

  // Rows move only in the manual order: not in search results or a saved view (its own order).
  const canReorder = !state.query.q && !state.query.viewId && !state.query.filter;
  const view = { active, editing, typed, errors, dragging: drag.id, dropTarget: drag.over, canReorder };
  const template = gridTemplate(attributes);

  return html`<div class="table-view">
    <div class="table-toolbar">
      <${AddItemRow} store=${store} />
      <button type="button" onClick=${() => setAddingColumn(true)}>+ Add column</button>
    </div>
    ${addingColumn && html`<${AddColumn} store=${store} onClose=${() => setAddingColumn(false)} />`}
    ${notice && html`<p role="alert" class="error">${notice}</p>`}
    ${state.error &&
    html`<p role="alert" class="error">${state.error}
      <button type="button" onClick=${() => store.retry()}>Try again</button></p>`}
    <div class="grid-scroll">
      <div ref=${gridRef} role="grid" class="grid" aria-label=${`Items of ${state.board ? state.board.name : "the board"}`}
        aria-colcount=${attributes.length + 1} aria-rowcount=${state.hasMore ? -1 : rows.length + 1} style=${{ "--grid-columns": template }} onKeyDown=${onKeyDown}>
        <div role="row" class="row head-row" aria-rowindex="1">
          <div role="columnheader" class="row-head"><span class="visually-hidden">Row</span></div>
          ${attributes.map((a, i) => html`<${ColumnHeader} key=${a.id} attribute=${a} store=${store} colIndex=${i} />`)}
          <div role="columnheader" class="add-col-head">
            <button type="button" class="icon-button" aria-label="Add column" onClick=${() => setAddingColumn(true)}>+</button>
          </div>
        </div>
        ${rows.map((entry, index) =>
          entry.kind === "item"
            ? html`<${Row} key=${entry.item.id} entry=${entry} rowIndex=${index} attributes=${attributes} view=${view}
                store=${store} session=${session} actions=${rowActions} />`
            : html`<div role="row" class="row add-sub-row" key=${"add-" + entry.parent.id}>
                <div role="gridcell" class="add-sub-cell" style=${{ paddingLeft: `${entry.depth * 18}px` }}>
                  <${AddItemRow} store=${store} parent=${entry.parent} />
                </div>
              </div>`,
        )}
      </div>
      ${!state.loading && rows.length === 0 && !state.hasMore && html`<p class="muted empty">No items here yet.</p>`}
      <div ref=${sentinel} class="load-more" aria-live="polite">
        ${state.loading ? "Loading…" : state.hasMore ? "" : rows.length ? `${state.order.length} ${state.order.length === 1 ? "item" : "items"} loaded` : ""}
      </div>
    </div>
  </div>`;
}
