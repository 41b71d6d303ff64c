// The members page's calls: members with their roles (`expand[]=membership`), invitations (with the
// sign-up link, `expand[]=invitation`: no mail is sent), role changes, removal, board access lists.
import { api } from "../api/client.js";

const MEMBERSHIP = { "expand[]": ["membership"] };

export const ROLES = [
  ["admin", "Admin"],
  ["full-member", "Full member"],
  ["restricted-member", "Restricted member"],
];
export const ROLE_NAMES = { owner: "Owner", ...Object.fromEntries(ROLES) };

export function listMembers(ws) {
  return api.all(`/workspaces/${ws}/members`, { ...MEMBERSHIP, sort_by: "created_at", sort_direction: "asc" });
}

export function listBoards(ws) {
  return api.all(`/workspaces/${ws}/boards`, { sort_direction: "asc" });
}

export function invite(ws, email, role) {
  return api.post(`/workspaces/${ws}/members/invite`, { email, role }, { "expand[]": ["membership", "invitation"] });
}

export function changeRole(ws, userId, role) {
  return api.patch(`/workspaces/${ws}/members/${userId}`, { role }, MEMBERSHIP);
}

export function removeMember(ws, userId) {
  return api.del(`/workspaces/${ws}/members/${userId}`);
}

/** Gives or takes `userId`'s access to a board (the board's `user_ids`). */
export function setBoardAccess(ws, board, userId, allowed) {
  const others = (board.user_ids || []).filter((id) => id !== userId);
  return api.patch(`/workspaces/${ws}/boards/${encodeURIComponent(board.id)}`, {
    user_ids: allowed ? [...others, userId] : others,
  });
}
