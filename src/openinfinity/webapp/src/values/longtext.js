// longtext: rich text stored as HTML. The table shows its plain text (nothing of the HTML runs);
// the editor is a textarea (Ctrl+Enter saves), its lines become paragraphs.
import { html, useState } from "../lib/html.js";
import { editorKeys, useAutoFocus, EditorButtons, Popover } from "./editing.js";
import { plainText } from "./format.js";

function Display({ value }) {
  const text = plainText(value);
  return text ? html`<span class="v-longtext" title=${text}>${text}</span>` : null;
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Lines of plain text as HTML paragraphs, the shape the API stores. */
export function textToHtml(text) {
  const lines = text.split(/\n/).filter((line, i, all) => line.trim() || i < all.length - 1);
  return lines.length ? lines.map((line) => `<p>${escapeHtml(line)}</p>`).join("") : "";
}

function htmlToLines(value) {
  if (!value) return "";
  const doc = new DOMParser().parseFromString(String(value), "text/html");
  const blocks = [...doc.body.querySelectorAll("p, li, h1, h2, h3, div")];
  if (!blocks.length) return doc.body.textContent || "";
  return blocks.map((b) => b.textContent).join("\n");
}

function Editor({ attribute, value, save, cancel }) {
  const [text, setText] = useState(() => htmlToLines(value));
  const ref = useAutoFocus();
  const submit = () => save(textToHtml(text));
  return html`<${Popover}>
    <textarea ref=${ref} rows="5" aria-label=${attribute.name} value=${text}
      onInput=${(e) => setText(e.currentTarget.value)}
      onKeyDown=${editorKeys({ onSave: submit, onCancel: cancel, multiline: true })}></textarea>
    <${EditorButtons} onSave=${submit} onCancel=${cancel} />
  <//>`;
}

export const longtext = { Display, Editor, editable: true };
