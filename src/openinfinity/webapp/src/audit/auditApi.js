// The workspace audit log (docs/history.md): owners and admins only; the API answers 403 to others.
import { api } from "../api/client.js";

export const AUDIT_PAGE = 50;

/** The actions the filter offers: one action, or every action of a kind (ending with a dot). */
export const AUDIT_ACTIONS = [
  ["member.", "Members: all"],
  ["member.invited", "Member invited"],
  ["member.added", "Member added"],
  ["member.role_changed", "Member role changed"],
  ["member.removed", "Member removed"],
  ["token.", "Tokens: all"],
  ["token.created", "Token created"],
  ["token.revoked", "Token revoked"],
  ["oauth.", "Applications: all"],
  ["oauth.granted", "Application allowed"],
  ["oauth.revoked", "Application access revoked"],
  ["hook.", "Webhooks: all"],
  ["board.", "Boards: all"],
  ["attribute.", "Columns: all"],
];

const ACTION_WORDS = Object.fromEntries(AUDIT_ACTIONS.filter(([a]) => !a.endsWith(".")));
Object.assign(ACTION_WORDS, {
  "hook.created": "Webhook created",
  "hook.updated": "Webhook changed",
  "hook.deleted": "Webhook deleted",
  "board.created": "Board created",
  "board.deleted": "Board deleted",
  "attribute.created": "Column created",
  "attribute.deleted": "Column deleted",
});

export function actionWords(action) {
  return ACTION_WORDS[action] || action;
}

export function listAudit(ws, { action, after } = {}) {
  const params = { limit: AUDIT_PAGE };
  if (action) params.action = action;
  if (after) params.after = after;
  return api.get(`/workspaces/${ws}/audit`, params);
}

// Whether the signed-in person may read a workspace's log, asked once per workspace and page load.
const allowed = new Map();

export function canReadAudit(ws) {
  if (!allowed.has(ws)) {
    allowed.set(
      ws,
      api.get(`/workspaces/${ws}/audit`, { limit: 1 }).then(
        () => true,
        () => false,
      ),
    );
  }
  return allowed.get(ws);
}
