// A list of options to tick (labels, members): arrow keys move, Space/click ticks, Enter saves,
// Escape cancels. With `single`, ticking an option saves it at once.
import { html, useState, useRef, useEffect } from "../lib/html.js";
import { EditorButtons, Popover } from "./editing.js";

export function Picker({ label, options, initial, single, save, cancel, renderOption, onCreate }) {
  const [chosen, setChosen] = useState(() => new Set(initial || []));
  const [active, setActive] = useState(0);
  const [filter, setFilter] = useState("");
  const listRef = useRef(null);
  const inputRef = useRef(null);
  useEffect(() => inputRef.current && inputRef.current.focus(), []);

  const shown = options.filter((o) => !filter || o.text.toLowerCase().includes(filter.toLowerCase()));
  const ordered = (set) => options.map((o) => o.id).filter((id) => set.has(id));
  const tick = (id) => {
    if (single) {
      save(chosen.has(id) ? [] : [id]);
      return;
    }
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  };
  const [createError, setCreateError] = useState(null);
  // A new option (e.g. a label) made from the typed text, then ticked like any other.
  const create = async () => {
    setCreateError(null);
    try {
      const id = await onCreate(filter.trim());
      setFilter("");
      if (single) save([id]);
      else setChosen((current) => new Set([...current, id]));
    } catch (err) {
      setCreateError(err.message);
    }
  };
  const onKeyDown = (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      cancel();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const delta = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => Math.max(0, Math.min(shown.length - 1, i + delta)));
    } else if (event.key === " " && event.target === listRef.current) {
      event.preventDefault();
      if (shown[active]) tick(shown[active].id);
    } else if (event.key === "Enter") {
      event.preventDefault();
      event.stopPropagation();
      if (event.target === inputRef.current && shown[active] && filter) tick(shown[active].id);
      else if (event.target === inputRef.current && !shown.length && filter && onCreate) create();
      else save(ordered(chosen));
    }
  };
  return html`<${Popover} class="picker" onKeyDown=${onKeyDown}>
    <input ref=${inputRef} type="search" placeholder="Find…" aria-label=${`Find ${label}`} value=${filter}
      onInput=${(e) => {
        setFilter(e.currentTarget.value);
        setActive(0);
      }} />
    <ul ref=${listRef} role="listbox" aria-label=${label} aria-multiselectable=${!single} tabindex="0">
      ${shown.map(
        (o, i) => html`<li key=${o.id} role="option" aria-selected=${chosen.has(o.id)}
          class=${i === active ? "active" : ""} onMouseDown=${(e) => e.preventDefault()}
          onClick=${() => tick(o.id)}>
          <span class="tick" aria-hidden="true">${chosen.has(o.id) ? "✓" : ""}</span>${renderOption(o)}
        </li>`,
      )}
      ${!shown.length && html`<li class="muted">No match</li>`}
    </ul>
    ${onCreate && filter.trim() && !shown.some((o) => o.text.toLowerCase() === filter.trim().toLowerCase()) &&
    html`<button type="button" onClick=${create}>Add “${filter.trim()}”</button>`}
    ${createError && html`<span role="alert" class="error">${createError}</span>`}
    ${!single && html`<${EditorButtons} onSave=${() => save(ordered(chosen))} onCancel=${cancel} />`}
  <//>`;
}
