// Building blocks of the editors: a focused input that saves on Enter and cancels on Escape,
// and the keyboard handling every editor shares.
import { html, useEffect, useRef, useState } from "../lib/html.js";

/** Escape cancels; Enter (with Ctrl/Cmd in multi-line editors) saves. */
export function editorKeys({ onSave, onCancel, multiline = false }) {
  return (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    } else if (event.key === "Enter" && (!multiline || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.stopPropagation();
      onSave();
    }
  };
}

/** Focuses (and selects) the element once it is mounted. */
export function useAutoFocus() {
  const ref = useRef(null);
  useEffect(() => {
    if (ref.current) {
      ref.current.focus();
      if (ref.current.select) ref.current.select();
    }
  }, []);
  return ref;
}

/** One input (text, email, tel, number, date ...) whose typed text is kept until saved or cancelled. */
export function InputEditor({ type = "text", initial, toData, save, cancel, label, ...attrs }) {
  const [text, setText] = useState(initial ?? "");
  const ref = useAutoFocus();
  const submit = () => save(toData ? toData(text) : text);
  return html`<input ref=${ref} class="cell-input" type=${type} value=${text} aria-label=${label}
    onInput=${(e) => setText(e.currentTarget.value)}
    onKeyDown=${editorKeys({ onSave: submit, onCancel: cancel })} ...${attrs} />`;
}

/** Save / Cancel buttons of the editors that hold more than one input. */
export function EditorButtons({ onSave, onCancel }) {
  return html`<div class="editor-buttons">
    <button type="button" class="primary" onClick=${onSave}>Save</button>
    <button type="button" onClick=${onCancel}>Cancel</button>
  </div>`;
}
