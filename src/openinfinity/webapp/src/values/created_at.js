// created_at: when the item was created (computed by the API, read-only).
import { html } from "../lib/html.js";
import { formatDate } from "./format.js";

export function ReadOnlyDate({ value }) {
  return value ? html`<time class="v-date readonly" datetime=${value}>${formatDate(value)}</time>` : null;
}

export const created_at = { Display: ReadOnlyDate, Editor: null, editable: false };
