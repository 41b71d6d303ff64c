// created_by: the person who created the item (computed by the API, read-only).
import { html } from "../lib/html.js";
import { Avatar } from "./Avatar.js";

function Display({ value, store }) {
  if (value === null || value === undefined) return null;
  const member = store ? store.get().members.find((m) => m.id === value) : null;
  return html`<span class="v-person"><${Avatar} user=${member} id=${value} /> ${member ? member.name : ""}</span>`;
}

export const created_by = { Display, Editor: null, editable: false };
