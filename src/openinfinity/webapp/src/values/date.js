// date: an ISO date ("2024-05-01") or a date-time (UTC). The editor is the browser's date picker,
// with "time" to switch to a date-time picker.
import { html, useState } from "../lib/html.js";
import { editorKeys, useAutoFocus, EditorButtons, Popover } from "./editing.js";
import { formatDate, isDateOnly, toLocalInput } from "./format.js";

function Display({ value }) {
  return value ? html`<time class="v-date" datetime=${value}>${formatDate(value)}</time>` : null;
}

function Editor({ attribute, value, save, cancel }) {
  const [withTime, setWithTime] = useState(Boolean(value) && !isDateOnly(value));
  const [text, setText] = useState(value ? (isDateOnly(value) ? value : toLocalInput(value)) : "");
  const ref = useAutoFocus();
  const toData = () => {
    if (!text) return null;
    if (!withTime) return text.slice(0, 10);
    const local = new Date(text.length === 10 ? text + "T00:00" : text);
    return Number.isNaN(local.getTime()) ? text : local.toISOString();
  };
  const submit = () => save(toData());
  const switchTime = (on) => {
    setWithTime(on);
    setText((t) => (on ? (t ? t.slice(0, 10) + "T09:00" : "") : t.slice(0, 10)));
  };
  const keys = editorKeys({ onSave: submit, onCancel: cancel });
  return html`<${Popover} onKeyDown=${keys}>
    <input ref=${ref} type=${withTime ? "datetime-local" : "date"} aria-label=${attribute.name} value=${text}
      onInput=${(e) => setText(e.currentTarget.value)} />
    <label class="inline"><input type="checkbox" checked=${withTime}
      onChange=${(e) => switchTime(e.currentTarget.checked)} /> Time</label>
    <button type="button" onClick=${() => save(null)}>Clear</button>
    <${EditorButtons} onSave=${submit} onCancel=${cancel} />
  <//>`;
}

export const date = { Display, Editor, editable: true };
