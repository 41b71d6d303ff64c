// A column header: the attribute's name and type; its menu renames or deletes the attribute.
import { html, useState } from "../../lib/html.js";
import { api } from "../../api/client.js";
import { editorKeys, useAutoFocus } from "../../values/editing.js";

function RenameField({ attribute, onDone, store }) {
  const [name, setName] = useState(attribute.name);
  const [error, setError] = useState(null);
  const ref = useAutoFocus();
  const save = async () => {
    try {
      const updated = await api.put(`${store.base}/attributes/${attribute.id}`, { name: name.trim() });
      store.upsertAttribute(updated);
      onDone();
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<span class="rename">
    <input ref=${ref} aria-label=${`New name of ${attribute.name}`} value=${name}
      onInput=${(e) => setName(e.currentTarget.value)} onKeyDown=${editorKeys({ onSave: save, onCancel: onDone })} />
    ${error && html`<span role="alert" class="error">${error}</span>`}
  </span>`;
}

export function ColumnHeader({ attribute, store, colIndex }) {
  const [menu, setMenu] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [error, setError] = useState(null);
  const remove = async () => {
    setMenu(false);
    if (!window.confirm(`Delete the column "${attribute.name}" and its values?`)) return;
    try {
      await api.del(`${store.base}/attributes/${attribute.id}`);
      store.removeAttribute(attribute.id);
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<div role="columnheader" class=${`col-head type-${attribute.type}`} aria-colindex=${colIndex + 2}
    aria-label=${attribute.name} data-attribute-id=${attribute.id}>
    ${renaming
      ? html`<${RenameField} attribute=${attribute} store=${store} onDone=${() => setRenaming(false)} />`
      : html`<span class="col-name" title=${`${attribute.name} (${attribute.type})`}>${attribute.name}</span>`}
    <button type="button" class="icon-button col-menu-button" aria-haspopup="menu" aria-expanded=${menu}
      aria-label=${`Column menu of ${attribute.name}`} onClick=${() => setMenu(!menu)}>⌄</button>
    ${menu &&
    html`<div class="menu" role="menu" onKeyDown=${(e) => e.key === "Escape" && setMenu(false)}>
      <button type="button" role="menuitem" onClick=${() => {
        setMenu(false);
        setRenaming(true);
      }}>Rename column</button>
      <button type="button" role="menuitem" class="danger" onClick=${remove}>Delete column</button>
    </div>`}
    ${error && html`<span role="alert" class="error">${error}</span>`}
  </div>`;
}
