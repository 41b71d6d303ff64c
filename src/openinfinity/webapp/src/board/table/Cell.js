// One cell of the grid: the value's display, or its editor while editing. The API's message for a
// refused value stays next to the cell, and the editor keeps what was typed until saved or cancelled.
import { html } from "../../lib/html.js";
import { valueType } from "../../values/registry.js";
import { RemoteChangeHint } from "../../live/RemoteChangeHint.js";

export function Cell({ item, attribute, value, rowIndex, colIndex, active, editing, typed, error, store, session, actions }) {
  const type = valueType(attribute.type);
  const { Display, Editor } = type;
  const save = (data) => actions.save(item, attribute, data);
  const cancel = () => actions.cancel(item, attribute);
  const cls = ["cell", `type-${attribute.type}`, editing ? "editing" : "", error ? "has-error" : "", type.editable ? "" : "readonly"];
  return html`<div role="gridcell" class=${cls.join(" ")} tabindex=${active ? 0 : -1}
    data-row=${rowIndex} data-col=${colIndex} data-attribute-id=${attribute.id} aria-readonly=${!type.editable}
    aria-label=${attribute.name} aria-invalid=${error ? "true" : undefined}
    onClick=${(event) => {
      // Clicks inside an open editor belong to it: a re-render here would undo a ticked checkbox.
      if (editing) return;
      if (type.toggle) actions.edit(item, attribute, rowIndex, colIndex);
      else actions.activate(rowIndex, colIndex);
    }}
    onDblClick=${() => !type.toggle && actions.edit(item, attribute, rowIndex, colIndex)}>
    ${editing && Editor
      ? html`<${Editor} attribute=${attribute} value=${value} typed=${typed} item=${item} store=${store} save=${save} cancel=${cancel} />`
      : html`<div class="cell-display"><${Display} attribute=${attribute} value=${value} item=${item} store=${store} session=${session} /></div>`}
    ${editing && html`<${RemoteChangeHint} store=${store} itemId=${item.id} attributeId=${attribute.id} />`}
    ${error && html`<div class="cell-error" role="alert">${error}</div>`}
  </div>`;
}
