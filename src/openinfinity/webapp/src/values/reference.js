// reference: ids of linked items, shown by name. Read-only in the table: links are written through
// the References endpoint (the item panel adds and removes them).
import { html } from "../lib/html.js";
import { useItemNames } from "./itemName.js";

function Display({ value, store }) {
  const names = useItemNames(Array.isArray(value) ? value : [], store);
  if (!names.length) return null;
  return html`<span class="v-reference">${names.map((n) => html`<span key=${n.id} class="ref-chip">↗ ${n.name}</span>`)}</span>`;
}

export const reference = { Display, Editor: null, editable: false };
