// Every attribute of the item (references have their own section), each with its value field.
import { html } from "../lib/html.js";
import { valueOf } from "../board/store.js";
import { ValueField } from "./ValueField.js";

// Shown in sections of their own, where they can be added and removed.
const OWN_SECTIONS = new Set(["reference", "attachments"]);

export function ItemValues({ item, attributes, store, onSave }) {
  const shown = attributes.filter((a) => !OWN_SECTIONS.has(a.type));
  return html`<section class="item-section item-values" aria-labelledby="item-values-title">
    <h3 id="item-values-title">Fields</h3>
    ${shown.map(
      (attribute) => html`<${ValueField} key=${attribute.id} attribute=${attribute}
        value=${valueOf(item, attribute.id)} item=${item} store=${store}
        onSave=${(data) => onSave(attribute.id, data)} />`,
    )}
    ${shown.length === 0 && html`<p class="muted">This board has no columns yet.</p>`}
  </section>`;
}
