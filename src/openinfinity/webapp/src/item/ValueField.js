// One attribute of the open item: its value shown by the value registry's Display, edited with the
// registry's Editor. A refused value keeps the editor open with what was typed and shows the API's
// message beside the field.
import { html, useEffect, useRef, useState } from "../lib/html.js";
import { valueError } from "../board/table/messages.js";
import { valueType } from "../values/registry.js";
import { useSession } from "../shell/session.js";

export function ValueField({ attribute, value, item, store, onSave }) {
  const kind = valueType(attribute.type);
  const session = useSession();
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState(null);
  const fieldId = `item-field-${attribute.id}`;
  const errorId = `${fieldId}-error`;
  const editButton = useRef(null);
  const wasEditing = useRef(false);

  // Focus returns to the field's edit button when its editor closes (saved or cancelled).
  useEffect(() => {
    if (wasEditing.current && !editing && editButton.current) editButton.current.focus();
    wasEditing.current = editing;
  }, [editing]);

  const save = async (data) => {
    setSaving(true);
    setError(null);
    try {
      await onSave(data);
      setEditing(false);
    } catch (err) {
      setError(valueError(err, attribute));
    } finally {
      setSaving(false);
    }
  };
  const cancel = () => {
    setEditing(false);
    setError(null);
  };

  const Display = kind && kind.Display;
  const shown = Display
    ? html`<${Display} attribute=${attribute} value=${value} item=${item} store=${store} session=${session} />`
    : null;

  let body;
  if (editing && kind && kind.Editor) {
    const Editor = kind.Editor;
    body = html`<div class="item-field-editor" aria-busy=${saving} aria-describedby=${error ? errorId : undefined}>
      <${Editor} attribute=${attribute} value=${value} item=${item} store=${store}
        session=${session} save=${save} cancel=${cancel} />
    </div>`;
  } else if (kind && kind.editable && kind.toggle) {
    body = html`<button type="button" class="item-field-value toggle" aria-label=${`Toggle ${attribute.name}`}
      aria-pressed=${Boolean(value)} disabled=${saving} onClick=${() => save(kind.toggle(value, { session }))}>${shown}</button>`;
  } else if (kind && kind.editable && kind.Editor) {
    // The display may hold links (links, attachments), so it is not itself a button; a click on
    // its empty space edits, like the explicit button beside it.
    const edit = (event) => {
      if (!event.target.closest("a")) setEditing(true);
    };
    body = html`<div class="item-field-value editable" onClick=${edit}>
        ${shown}${isEmpty(value) && html`<span class="placeholder muted">Empty</span>`}
      </div>
      <button type="button" class="icon-button item-field-edit" ref=${editButton} aria-label=${`Edit ${attribute.name}`}
        onClick=${() => setEditing(true)}>✎</button>`;
  } else {
    body = html`<div class="item-field-value read-only">${shown}</div>`;
  }

  return html`<div class="item-field" data-testid=${`item-field-${attribute.name}`}>
    <div class="item-field-label" id=${fieldId}>${attribute.name}</div>
    <div class="item-field-body" aria-labelledby=${fieldId}>
      ${body}
      ${error && html`<p class="field-error" id=${errorId} role="alert">${error}</p>`}
    </div>
  </div>`;
}

function isEmpty(value) {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}
