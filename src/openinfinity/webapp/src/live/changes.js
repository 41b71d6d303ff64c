// The board change feed client (docs: the changes endpoint). One EventSource per open board;
// the browser resumes by itself after a dropped connection, sending the last event id
// (Last-Event-ID), so nothing is lost and nothing comes twice. When the server says the cursor
// is too old (code `changes/cursor-expired`), or the stream is closed for good, the board's data
// is reloaded and a fresh stream opened.

// The event names the feed sends (the webhook names); EventSource only delivers named events to
// listeners of that name.
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

export function changesUrl(workspaceId, boardId) {
  return `/api/v2/workspaces/${encodeURIComponent(workspaceId)}/boards/${encodeURIComponent(boardId)}/changes`;
}

function parse(data) {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

// Opens the feed of a board. onEvent({event, payload}) runs once per change, in order;
// onReload() when the client must reload the board (missed changes it cannot get any more);
// onStatus("live" | "connecting" | "offline"). Returns close().
export function openChanges({ workspaceId, boardId, onEvent, onReload, onStatus = () => {} }) {
  let source = null;
  let closed = false;
  let retryTimer = null;
  let failures = 0;

  const handle = (message) => {
    const body = parse(message.data);
    if (!body) return;
    onEvent({ event: body.event || message.type, payload: body.payload || {}, id: message.lastEventId });
  };

  const restart = (reload) => {
    if (source) source.close();
    source = null;
    if (closed) return;
    onStatus("connecting");
    // At once the first time; a stream that keeps failing (403 after removal, server down) backs
    // off 1, 2, 4 ... 30 s instead of hammering the server.
    const delay = failures === 0 ? 0 : Math.min(30000, 1000 * 2 ** (failures - 1));
    failures += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
      if (reload) onReload();
    }, delay);
  };

  const connect = () => {
    if (closed) return;
    source = new EventSource(changesUrl(workspaceId, boardId), { withCredentials: true });
    source.onopen = () => {
      failures = 0;
      onStatus("live");
    };
    for (const name of EVENT_NAMES) source.addEventListener(name, handle);
    source.addEventListener("error", (message) => {
      // An `event: error` sent by the server carries data; the browser's own error events do not.
      const body = message.data ? parse(message.data) : null;
      if (body && body.code === CURSOR_EXPIRED) {
        restart(true);
        return;
      }
      if (source && source.readyState === EventSource.CLOSED) {
        // The browser gave up (an HTTP error such as 410 for an expired cursor, 403, 404): what
        // happened meanwhile is unknown, so reload once the stream is back.
        restart(true);
      } else {
        onStatus("connecting");
      }
    });
  };

  connect();
  return () => {
    closed = true;
    if (retryTimer) clearTimeout(retryTimer);
    if (source) source.close();
    onStatus("offline");
  };
}
