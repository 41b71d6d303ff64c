// Search over the board: the items list's `q`, applied as the person types (after a 250 ms pause),
// in the list's own order. The board store re-reads its first page for the new `q`; the store
// aborts the request of an older query (AbortController) so a slow stale answer never lands.
// Escape clears the search.
import { html, useEffect, useRef, useState } from "../../lib/html.js";
import { useBoardState } from "../store.js";

export const SEARCH_DEBOUNCE_MS = 250;

export function SearchBox({ store }) {
  const state = useBoardState(store);
  const [text, setText] = useState(state.query.q || "");
  const timer = useRef(null);
  const applied = useRef(state.query.q || ""); // the last q this box asked for

  const apply = (q) => {
    clearTimeout(timer.current);
    applied.current = q;
    if ((store.get().query.q || "") !== q) store.reload({ q });
  };
  const onInput = (event) => {
    const value = event.currentTarget.value;
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => apply(value.trim()), SEARCH_DEBOUNCE_MS);
  };
  const onKeyDown = (event) => {
    if (event.key === "Escape" && text) {
      event.preventDefault();
      event.stopPropagation();
      setText("");
      apply("");
    } else if (event.key === "Enter") {
      event.preventDefault();
      apply(text.trim());
    }
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  // Another part of the page changed the search (opening a saved view clears it): show that.
  useEffect(() => {
    const q = state.query.q || "";
    if (q === applied.current) return;
    applied.current = q;
    clearTimeout(timer.current);
    setText(q);
  }, [state.query.q]);

  const searching = Boolean(state.query.q);
  return html`<div class="board-search" role="search">
    <label for="board-search-input" class="visually-hidden">Search items</label>
    <input id="board-search-input" type="search" placeholder="Search items" value=${text}
      autocomplete="off" onInput=${onInput} onKeyDown=${onKeyDown} aria-describedby="board-search-status" />
    <span id="board-search-status" class="muted board-search-status" role="status" aria-live="polite">
      ${searching && !state.loading
        ? `${state.order.length}${state.hasMore ? "+" : ""} ${state.order.length === 1 ? "match" : "matches"}`
        : ""}
    </span>
  </div>`;
}
