// number: a finite number, shown with the attribute's precision/currency; the field takes the
// attribute's min/max/precision as limits the browser knows (the API's answer decides).
import { html } from "../lib/html.js";
import { InputEditor } from "./editing.js";
import { formatNumber, settingsOf } from "./format.js";

function Display({ attribute, value }) {
  if (value === null || value === undefined || value === "") return null;
  return html`<span class="v-number">${formatNumber(value, settingsOf(attribute))}</span>`;
}

/** What the person typed, as the API's data: a number, null when empty, else the text itself
 * (so the API answers with its own message instead of the text being dropped). */
export function numberData(text) {
  const trimmed = String(text).trim();
  if (trimmed === "") return null;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : trimmed;
}

function rangeHint(s) {
  const has = (x) => typeof x === "number";
  if (has(s.min) && has(s.max)) return `${s.min} to ${s.max}`;
  if (has(s.min)) return `at least ${s.min}`;
  if (has(s.max)) return `at most ${s.max}`;
  return "";
}

function Editor({ attribute, value, typed, save, cancel }) {
  const s = settingsOf(attribute);
  const range = rangeHint(s);
  // type=text: a number field would turn "12,5" or "abc" into "" and lose what was typed.
  return html`<${InputEditor} typed=${typed} type="text" inputmode="decimal" label=${attribute.name}
    initial=${value === null || value === undefined ? "" : String(value)}
    placeholder=${range} title=${range || undefined}
    toData=${numberData} save=${save} cancel=${cancel} />`;
}

export const number = { Display, Editor, editable: true, typeToEdit: true };
