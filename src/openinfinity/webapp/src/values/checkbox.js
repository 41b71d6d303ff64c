// checkbox: true/false. No editor: Enter, Space or a click toggles it at once.
import { html } from "../lib/html.js";

function Display({ attribute, value }) {
  return html`<span class=${"v-checkbox" + (value ? " checked" : "")} role="img"
    aria-label=${`${attribute.name}: ${value ? "checked" : "not checked"}`}>${value ? "✓" : ""}</span>`;
}

export const checkbox = { Display, Editor: null, editable: true, toggle: (value) => !value };
