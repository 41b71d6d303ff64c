// Writes a comment's text (HTML or plain text: the API sanitises it). What was typed stays in the
// box when the API refuses it.
import { html, useEffect, useRef, useState } from "../lib/html.js";
import { ApiError } from "../api/client.js";

export function CommentForm({ id, label, initial = "", submitLabel, onSubmit, onCancel, autoFocus = false }) {
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const ref = useRef(null);

  useEffect(() => {
    if (autoFocus && ref.current) ref.current.focus();
  }, []);

  const submit = async (event) => {
    if (event) event.preventDefault();
    if (!text.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(text);
      setText("");
    } catch (err) {
      setError(err instanceof ApiError ? err.fieldMessage("text") : String(err));
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit(event);
    else if (event.key === "Escape" && onCancel) {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };

  return html`<form class="comment-form" onSubmit=${submit}>
    <label for=${id} class="visually-hidden">${label}</label>
    <textarea id=${id} ref=${ref} rows="3" placeholder=${label} value=${text} aria-invalid=${Boolean(error)}
      onInput=${(e) => setText(e.currentTarget.value)} onKeyDown=${onKeyDown}></textarea>
    ${error && html`<p class="field-error" role="alert">${error}</p>`}
    <div class="comment-form-buttons">
      <button type="submit" class="primary" disabled=${busy || !text.trim()}>${submitLabel}</button>
      ${onCancel && html`<button type="button" onClick=${onCancel}>Cancel</button>`}
    </div>
  </form>`;
}
