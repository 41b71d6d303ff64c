// source_folder: the folder the item lives in (computed by the API, read-only).
import { html } from "../lib/html.js";

function Display({ value, store }) {
  if (!value) return null;
  const folder = store ? store.get().folders.find((f) => f.id === value) : null;
  return html`<span class="v-folder">${folder ? folder.name : value}</span>`;
}

export const source_folder = { Display, Editor: null, editable: false };
