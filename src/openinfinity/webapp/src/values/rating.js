// rating: a number within min..max (default 0-5), shown as stars; the editor is a row of star buttons.
import { html, useState } from "../lib/html.js";
import { useAutoFocus, Popover } from "./editing.js";
import { rangeOf } from "./ranged.js";

const DEFAULTS = [0, 5];

function Display({ attribute, value }) {
  if (value === null || value === undefined) return null;
  const [, max] = rangeOf(attribute, DEFAULTS);
  const stars = Math.max(0, Math.min(Math.round(Number(value)), Math.min(max, 10)));
  return html`<span class="v-rating" role="img" aria-label=${`${value} of ${max}`} title=${`${value} of ${max}`}
    >${"★".repeat(stars)}<span class="off">${"★".repeat(Math.max(0, Math.min(max, 10) - stars))}</span></span
  >`;
}

function Editor({ attribute, value, save, cancel }) {
  const [min, max] = rangeOf(attribute, DEFAULTS);
  const top = Math.min(max, 10);
  const [current, setCurrent] = useState(value ?? min);
  const ref = useAutoFocus();
  const onKeyDown = (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      cancel();
    } else if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      event.preventDefault();
      event.stopPropagation();
      setCurrent((c) => Math.max(min, Math.min(top, Number(c) + (event.key === "ArrowRight" ? 1 : -1))));
    } else if (event.key === "Enter") {
      event.preventDefault();
      event.stopPropagation();
      save(current);
    }
  };
  const stars = [];
  for (let n = Math.max(1, min); n <= top; n += 1) stars.push(n);
  return html`<${Popover} class="v-rating-editor" onKeyDown=${onKeyDown}>
    <div ref=${ref} tabindex="0" role="radiogroup" aria-label=${attribute.name} class="stars">
      ${stars.map(
        (n) => html`<button type="button" role="radio" aria-checked=${n === Number(current)}
          aria-label=${`${n} of ${max}`} class=${n <= current ? "on" : ""} onClick=${() => save(n)}>★</button>`,
      )}
    </div>
    <button type="button" onClick=${() => save(null)}>Clear</button>
  <//>`;
}

export const rating = { Display, Editor, editable: true };
