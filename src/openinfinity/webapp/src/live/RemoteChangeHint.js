// Shown beside an open editor when someone else changes the value being edited: the draft stays
// (editors keep their own state), the person learns their save would overwrite a newer value.
import { html, useRef } from "../lib/html.js";
import { useBoardState } from "../board/store.js";
import { remoteChangeAt } from "./useLiveBoard.js";

export function RemoteChangeHint({ store, itemId, attributeId }) {
  const state = useBoardState(store);
  const openedAt = useRef(Date.now());
  if (remoteChangeAt(state, itemId, attributeId) <= openedAt.current) return null;
  return html`<div class="remote-change" role="status">Changed by someone else meanwhile</div>`;
}
