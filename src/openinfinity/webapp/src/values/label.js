// label: label ids from the attribute's settings.labels, shown as coloured chips; picked from a list.
import { html } from "../lib/html.js";
import { Picker } from "./picker.js";
import { settingsOf, textOn } from "./format.js";

export function labelsOf(attribute) {
  const labels = settingsOf(attribute).labels;
  return Array.isArray(labels) ? labels : [];
}

export function Chip({ label }) {
  const color = label.color || "#e4e7eb";
  return html`<span class="chip" style=${{ background: color, color: textOn(color) }}>${label.name}</span>`;
}

function Display({ attribute, value }) {
  if (!Array.isArray(value) || !value.length) return null;
  const byId = new Map(labelsOf(attribute).map((l) => [l.id, l]));
  return html`<span class="chips">
    ${value.map((id) => html`<${Chip} key=${id} label=${byId.get(id) || { name: "?", color: "#ccc" }} />`)}
  </span>`;
}

function Editor({ attribute, value, save, cancel }) {
  const options = labelsOf(attribute).map((l) => ({ id: l.id, text: l.name, label: l }));
  const single = settingsOf(attribute).multiple === false;
  return html`<${Picker} label=${attribute.name} options=${options} initial=${value || []} single=${single}
    save=${save} cancel=${cancel} renderOption=${(o) => html`<${Chip} label=${o.label} />`} />`;
}

export const label = { Display, Editor, editable: true };
