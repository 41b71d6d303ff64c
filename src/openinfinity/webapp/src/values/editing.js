// Building blocks of the editors: a focused input that saves on Enter and cancels on Escape,
// and the keyboard handling every editor shares.
import { html, useLayoutEffect, useRef, useState } from "../lib/html.js";

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
export function useAutoFocus({ select = true } = {}) {
  const ref = useRef(null);
  // A layout effect: focus moves in the same task as the render, so keys typed right after the one
  // that opened the editor land in it.
  useLayoutEffect(() => {
    if (ref.current) {
      ref.current.focus();
      if (select && ref.current.select) ref.current.select();
    }
  }, []);
  return ref;
}

/** One input (text, email, tel, number, date ...) whose typed text is kept until saved or cancelled. */
export function InputEditor({ type = "text", initial, typed, toData, save, cancel, label, ...attrs }) {
  // `typed`: editing began with a key pressed on the cell; that key replaces the value.
  const [text, setText] = useState(typed ?? initial ?? "");
  const ref = useAutoFocus({ select: typed === undefined });
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

/** Where a popover goes: under its cell (above when there is no room), inside the window. */
function placeUnder(anchor, popover) {
  const r = anchor.getBoundingClientRect();
  const w = popover.offsetWidth;
  const h = popover.offsetHeight;
  const left = Math.max(8, Math.min(r.left, window.innerWidth - w - 8));
  let top = r.bottom + 2;
  if (top + h > window.innerHeight - 8) top = r.top - h - 2 >= 8 ? r.top - h - 2 : Math.max(8, window.innerHeight - h - 8);
  return { position: "fixed", top: `${top}px`, left: `${left}px` };
}

/** The frame of an editor bigger than its cell. Fixed to the window under the cell, so the grid's
 * scrolling box does not clip it and the cell (with any error message) stays visible. */
export function Popover({ children, class: extra = "", ...attrs }) {
  const ref = useRef(null);
  const [style, setStyle] = useState({ position: "fixed", visibility: "hidden" });
  useLayoutEffect(() => {
    const place = () => {
      const popover = ref.current;
      if (!popover || !popover.parentElement) return;
      const anchor = popover.parentElement.closest('[role="gridcell"]') || popover.parentElement;
      setStyle(placeUnder(anchor, popover));
    };
    place();
    window.addEventListener("resize", place);
    window.addEventListener("scroll", place, true);
    return () => {
      window.removeEventListener("resize", place);
      window.removeEventListener("scroll", place, true);
    };
  }, []);
  return html`<div ref=${ref} class=${"editor-popover " + extra} style=${style} ...${attrs}>${children}</div>`;
}
