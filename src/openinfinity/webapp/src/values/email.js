// email: one address; shown as a mailto link.
import { html } from "../lib/html.js";
import { InputEditor } from "./editing.js";

function Display({ value }) {
  return value ? html`<a class="v-email" href=${"mailto:" + value} onClick=${(e) => e.stopPropagation()}>${value}</a>` : null;
}

function Editor({ attribute, value, typed, save, cancel }) {
  // type=text: the browser's own e-mail check would hide the API's message.
  return html`<${InputEditor} typed=${typed} type="text" inputmode="email" label=${attribute.name} initial=${value || ""}
    toData=${(t) => t.trim() || null} save=${save} cancel=${cancel} />`;
}

export const email = { Display, Editor, editable: true, typeToEdit: true };
