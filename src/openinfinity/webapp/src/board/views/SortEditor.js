// The sort editor: an ordered list of (attribute, direction), as `settings.sort.conditions`.
// No sort means the manual order (sort_order), which is also the tie-break of every sort.
import { html } from "../../lib/html.js";
import { sortable } from "./operators.js";

const MAX_SORTS = 10;

export function SortEditor({ conditions, attributes, onChange }) {
  const candidates = attributes.filter(sortable);
  const set = (index, entry) => onChange(conditions.map((c, i) => (i === index ? entry : c)));
  const remove = (index) => onChange(conditions.filter((_, i) => i !== index));
  const add = () => {
    const used = new Set(conditions.map((c) => c.attributeId));
    const next = candidates.find((a) => !used.has(a.id)) || candidates[0];
    onChange([...conditions, { attributeId: next.id, settings: { direction: "asc" } }]);
  };
  return html`<div class="sort-editor" role="group" aria-label="Sort">
    ${conditions.length === 0 && html`<p class="muted">Manual order</p>`}
    ${conditions.map((entry, index) => {
      const direction = entry.settings?.direction === "desc" ? "desc" : "asc";
      return html`<div class="sort-row" key=${index} role="group" aria-label=${`Sort ${index + 1}`}>
        <select aria-label="Sort by" value=${entry.attributeId}
          onChange=${(e) => set(index, { ...entry, attributeId: e.currentTarget.value })}>
          ${candidates.map((a) => html`<option key=${a.id} value=${a.id}>${a.name}</option>`)}
        </select>
        <select aria-label="Direction" value=${direction}
          onChange=${(e) => set(index, { ...entry, settings: { direction: e.currentTarget.value } })}>
          <option value="asc">ascending</option>
          <option value="desc">descending</option>
        </select>
        <button type="button" class="icon" aria-label="Remove sort" onClick=${() => remove(index)}>×</button>
      </div>`;
    })}
    <button type="button" disabled=${!candidates.length || conditions.length >= MAX_SORTS} onClick=${add}>+ Sort</button>
  </div>`;
}
