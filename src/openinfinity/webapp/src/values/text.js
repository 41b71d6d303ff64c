// text: one line of text.
import { html } from "../lib/html.js";
import { InputEditor } from "./editing.js";

function Display({ value }) {
  return value ? html`<span class="v-text">${value}</span>` : null;
}

function Editor({ attribute, value, typed, save, cancel }) {
  return html`<${InputEditor} typed=${typed} label=${attribute.name} initial=${value || ""} save=${save} cancel=${cancel} />`;
}

export const text = { Display, Editor, editable: true, typeToEdit: true };
