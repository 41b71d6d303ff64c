// progress: a number within min..max (default 0-100), shown as a bar; edited as a number field
// (the API answers out-of-range values with its message).
import { html } from "../lib/html.js";
import { InputEditor } from "./editing.js";
import { numberData } from "./number.js";
import { rangeOf } from "./ranged.js";

const DEFAULTS = [0, 100];

function Display({ attribute, value }) {
  if (value === null || value === undefined) return null;
  const [min, max] = rangeOf(attribute, DEFAULTS);
  const share = max > min ? Math.max(0, Math.min(1, (Number(value) - min) / (max - min))) : 0;
  return html`<span class="v-progress" role="progressbar" aria-valuemin=${min} aria-valuemax=${max}
    aria-valuenow=${value} aria-label=${attribute.name}>
    <span class="bar"><span class="fill" style=${{ width: `${share * 100}%` }}></span></span>
    <span class="num">${value}</span>
  </span>`;
}

function Editor({ attribute, value, typed, save, cancel }) {
  const [min, max] = rangeOf(attribute, DEFAULTS);
  return html`<${InputEditor} typed=${typed} type="text" inputmode="decimal" label=${attribute.name}
    initial=${value === null || value === undefined ? "" : String(value)} placeholder=${`${min} to ${max}`}
    toData=${numberData} save=${save} cancel=${cancel} />`;
}

export const progress = { Display, Editor, editable: true, typeToEdit: true };
