// Keeps an open board live: one change-feed stream while the board is shown, every event applied
// to the board store, a reload when the feed cannot say what was missed.
import { html, useEffect } from "../lib/html.js";
import { applyEvent, useBoardState } from "../board/store.js";
import { openChanges } from "./changes.js";
import "./apply.js";

export function useLiveBoard(store) {
  useEffect(() => {
    if (!store) return undefined;
    const { ws, boardId } = store.get();
    const setStatus = (status) => store.set((s) => ({ live: { ...(s.live || {}), status } }));
    return openChanges({
      workspaceId: ws,
      boardId,
      onEvent: (change) => applyEvent(store, change),
      onReload: () => store.reload(),
      onStatus: setStatus,
    });
  }, [store]);
}

/** "Live" / "Reconnecting…" and, when a filtered list may have gained items, a refresh button. */
export function LiveStatus({ store }) {
  const state = useBoardState(store);
  const live = state.live || {};
  // A new list (another view, folder or search) starts with nothing pending.
  useEffect(() => {
    if ((store.get().live?.pending || []).length) store.set((s) => ({ live: { ...(s.live || {}), pending: [] } }));
  }, [state.query]);
  const pending = (live.pending || []).filter((id) => !state.items[id]).length;
  const refresh = () => {
    store.set((s) => ({ live: { ...(s.live || {}), pending: [] } }));
    store.reload();
  };
  const label = { live: "Live", connecting: "Reconnecting…", offline: "Offline" }[live.status] || "Connecting…";
  return html`<div class="live-status" data-testid="live-status" data-status=${live.status || "connecting"}>
    <span class=${`live-dot ${live.status || "connecting"}`} aria-hidden="true"></span>
    <span class="live-label">${label}</span>
    ${pending > 0 &&
    html`<button type="button" class="link" onClick=${refresh}>
      ${pending} new ${pending === 1 ? "item" : "items"} — refresh</button>`}
  </div>`;
}

/** Whether someone else changed this value within the last `ms` (for a "changed" hint on a cell). */
export function remoteChangeAt(state, itemId, attributeId) {
  return state.live?.touched?.[`${itemId}:${attributeId}`] || 0;
}
