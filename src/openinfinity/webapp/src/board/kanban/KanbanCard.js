// One card: the item's name (opens the item panel), the values the view shows on cards, and a
// "Move" menu, the keyboard way to do what dragging does.
import { html, useEffect, useRef, useState } from "../../lib/html.js";
import { setQuery } from "../../router.js";
import { useSession } from "../../shell/session.js";
import { valueType } from "../../values/registry.js";
import { valueOf } from "../store.js";

function isEmpty(value) {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

function MoveMenu({ name, targets, onClose }) {
  const ref = useRef(null);
  useEffect(() => {
    const first = ref.current && ref.current.querySelector("button:not([disabled])");
    if (first) first.focus();
  }, []);
  const onKeyDown = (event) => {
    const buttons = [...ref.current.querySelectorAll("button:not([disabled])")];
    const index = buttons.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onClose(true);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : buttons.length - 1;
      buttons[(index + step) % buttons.length]?.focus();
    }
  };
  return html`<div class="move-menu" role="menu" aria-label=${`Move ${name}`} ref=${ref} onKeyDown=${onKeyDown}>
    ${targets.map(
      (t) => html`<button type="button" role="menuitem" key=${t.key} disabled=${t.disabled}
        onClick=${() => {
          onClose(false);
          t.run();
        }}>${t.label}</button>`,
    )}
  </div>`;
}

export function KanbanCard({ item, name, fields, store, column, moveTargets, dragging, onDragStart, onDragEnd }) {
  const session = useSession();
  const [menu, setMenu] = useState(false);
  const moveButton = useRef(null);
  // Empty values take no room on a card.
  const shown = fields
    .map((attribute) => ({ attribute, value: valueOf(item, attribute.id) }))
    .filter(({ value }) => !isEmpty(value));
  const close = (refocus) => {
    setMenu(false);
    if (refocus && moveButton.current) moveButton.current.focus();
  };
  return html`<li class=${"kanban-card" + (dragging ? " dragging" : "")} draggable="true"
    data-item-id=${item.id} data-column=${column} aria-label=${name}
    onDragStart=${(e) => onDragStart(e, item, column)} onDragEnd=${onDragEnd}>
    <div class="kanban-card-head">
      <button type="button" class="kanban-card-name link" onClick=${() => setQuery({ item: item.id })}>${name}</button>
      <button type="button" class="icon kanban-card-move" ref=${moveButton} aria-label=${`Move ${name}`}
        aria-haspopup="menu" aria-expanded=${menu ? "true" : "false"} onClick=${() => setMenu(!menu)}>⋮</button>
    </div>
    ${menu && html`<${MoveMenu} name=${name} targets=${moveTargets()} onClose=${close} />`}
    ${shown.length > 0 &&
    html`<dl class="kanban-card-fields">
      ${shown.map(({ attribute, value }) => {
        const { Display } = valueType(attribute.type);
        return html`<div class="kanban-card-field" key=${attribute.id}>
          <dt>${attribute.name}</dt>
          <dd><${Display} attribute=${attribute} value=${value} item=${item} store=${store} session=${session} /></dd>
        </div>`;
      })}
    </dl>`}
  </li>`;
}
