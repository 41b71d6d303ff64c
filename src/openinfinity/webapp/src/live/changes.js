// The board change feed client (docs/changes.md). One EventSource per open board. While the
// connection lives, the browser resumes by itself after a drop, sending the last event id
// (Last-Event-ID): nothing lost, nothing twice. When the browser gives up (an HTTP error answer),
// this client asks the feed why, as JSON: a cursor too old (410 `changes/cursor-expired`) means
// changes were missed, so the board is reloaded and a fresh stream opened; anything else is
// retried with backoff from the last cursor (`?after=`), again losing nothing.

// Named events reach only listeners of their name: every event the feed sends (the webhook names).
export const EVENT_NAMES = [
  "item.created",
  "item.updated",
  "item.deleted",
  "item.finalized",
  "value.created",
  "value.updated",
  "value.deleted",
  "comment.created",
  "comment.updated",
  "comment.deleted",
];

export const CURSOR_EXPIRED = "changes/cursor-expired";

export function changesUrl(workspaceId, boardId, after) {
  const path = `/api/v2/workspaces/${encodeURIComponent(workspaceId)}/boards/${encodeURIComponent(boardId)}/changes`;
  return after ? `${path}?after=${encodeURIComponent(after)}` : path;
}

function parse(data) {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

// Why the stream was refused: "expired" (reload), "ok" (resume), or "failed" (retry later).
async function diagnose(workspaceId, boardId, after) {
  try {
    const response = await fetch(`${changesUrl(workspaceId, boardId, after)}${after ? "&" : "?"}limit=1`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (response.ok) return "ok";
    const body = await response.json().catch(() => null);
    return response.status === 410 || body?.code === CURSOR_EXPIRED ? "expired" : "failed";
  } catch {
    return "failed";
  }
}

// Opens the feed of a board. onEvent({event, payload, id}) runs once per change, in order;
// onReload() when changes were missed and the board must be read again;
// onStatus("live" | "connecting" | "offline"). Returns close().
export function openChanges({ workspaceId, boardId, onEvent, onReload, onStatus = () => {} }) {
  let source = null;
  let closed = false;
  let timer = null;
  let failures = 0;
  let cursor = null; // the last event id seen: where a new connection resumes

  const handle = (message) => {
    if (message.lastEventId) cursor = message.lastEventId;
    const body = parse(message.data);
    if (!body) return;
    onEvent({ event: body.event || message.type, payload: body.payload || {}, id: message.lastEventId });
  };

  const later = (fn, delay) => {
    timer = setTimeout(() => {
      timer = null;
      if (!closed) fn();
    }, delay);
  };

  const recover = async () => {
    if (source) source.close();
    source = null;
    onStatus("connecting");
    const verdict = await diagnose(workspaceId, boardId, cursor);
    if (closed) return;
    if (verdict === "expired") {
      cursor = null;
      failures = 0;
      connect();
      onReload();
      return;
    }
    // A stream that keeps failing (server down, access gone) backs off 1, 2, 4 ... 30 s.
    const delay = verdict === "ok" && failures === 0 ? 0 : Math.min(30000, 1000 * 2 ** Math.min(failures, 5));
    failures += 1;
    later(connect, delay);
  };

  const connect = () => {
    if (closed) return;
    source = new EventSource(changesUrl(workspaceId, boardId, cursor), { withCredentials: true });
    source.addEventListener("ready", (message) => {
      if (message.lastEventId) cursor = message.lastEventId;
      failures = 0;
      onStatus("live");
    });
    for (const name of EVENT_NAMES) source.addEventListener(name, handle);
    // The server ends a stream with `closed` (restart, access re-check); the browser reconnects.
    source.addEventListener("closed", () => onStatus("connecting"));
    source.onerror = () => {
      if (!source || source.readyState !== EventSource.CLOSED) {
        onStatus("connecting"); // the browser retries by itself, with Last-Event-ID
        return;
      }
      recover();
    };
  };

  connect();
  return () => {
    closed = true;
    if (timer) clearTimeout(timer);
    if (source) source.close();
    onStatus("offline");
  };
}
