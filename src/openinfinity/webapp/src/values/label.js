// label: label ids from the attribute's settings.labels, shown as coloured chips; picked from a list.
import { html } from "../lib/html.js";
import { api } from "../api/client.js";
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

const PALETTE = ["#ffd3f2", "#ffb186", "#c3e88d", "#89ddff", "#f78c6c", "#c792ea", "#ffcb6b", "#e4e7eb"];

/** Adds a label named `name` to the attribute's settings (through the API); its new id. */
async function addLabel(attribute, name, store) {
  const labels = labelsOf(attribute);
  const before = new Set(labels.map((l) => l.id));
  const settings = { ...settingsOf(attribute), labels: [...labels, { name, color: PALETTE[labels.length % PALETTE.length] }] };
  const updated = await api.put(`${store.base}/attributes/${attribute.id}`, { settings });
  store.upsertAttribute(updated);
  return labelsOf(updated).find((l) => !before.has(l.id)).id;
}

function Editor({ attribute, value, save, cancel, store }) {
  const options = labelsOf(attribute).map((l) => ({ id: l.id, text: l.name, label: l }));
  const single = settingsOf(attribute).multiple === false;
  const canAdd = store && settingsOf(attribute).allowNew !== false;
  return html`<${Picker} label=${attribute.name} options=${options} initial=${value || []} single=${single}
    save=${save} cancel=${cancel} renderOption=${(o) => html`<${Chip} label=${o.label} />`}
    onCreate=${canAdd ? (name) => addLabel(attribute, name, store) : undefined} />`;
}

export const label = { Display, Editor, editable: true };
