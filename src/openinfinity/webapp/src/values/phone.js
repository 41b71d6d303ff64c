// phone: a phone number; shown as a tel: link.
import { html } from "../lib/html.js";
import { InputEditor } from "./editing.js";

function Display({ value }) {
  return value ? html`<a class="v-phone" href=${"tel:" + value.replace(/\s+/g, "")} onClick=${(e) => e.stopPropagation()}>${value}</a>` : null;
}

function Editor({ attribute, value, typed, save, cancel }) {
  return html`<${InputEditor} typed=${typed} type="tel" label=${attribute.name} initial=${value || ""}
    toData=${(t) => t.trim() || null} save=${save} cancel=${cancel} />`;
}

export const phone = { Display, Editor, editable: true, typeToEdit: true };
