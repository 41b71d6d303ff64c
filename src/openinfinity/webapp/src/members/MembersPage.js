// The workspace's members with their roles: invite by e-mail (the sign-up link is shown, since no
// mail is sent), change a role, remove a member, and choose the boards a restricted member may see.
// Owners and admins manage; everyone else sees the list. The API enforces the same rules.
import { html, useEffect, useState } from "../lib/html.js";
import { useSession } from "../shell/session.js";
import { listMembers, listBoards } from "./membersApi.js";
import { InviteForm } from "./InviteForm.js";
import { MemberRow } from "./MemberRow.js";

export function MembersPage({ route }) {
  const ws = route.params.ws;
  const { profile, workspaces } = useSession();
  const workspace = workspaces.find((w) => String(w.id) === String(ws));
  const [members, setMembers] = useState(null);
  const [boards, setBoards] = useState([]);
  const [error, setError] = useState(null);

  const reload = async () => {
    try {
      const [rows, boardRows] = await Promise.all([listMembers(ws), listBoards(ws)]);
      setMembers(rows);
      setBoards(boardRows);
    } catch (err) {
      setError(err.message);
    }
  };
  useEffect(() => {
    setMembers(null);
    setError(null);
    reload();
  }, [ws]);

  const me = (members || []).find((m) => profile && m.id === profile.id);
  const myRole = me && me.membership ? me.membership.role : null;
  const manages = myRole === "owner" || myRole === "admin";

  const replaceMember = (user) => setMembers((rows) => rows.map((m) => (m.id === user.id ? user : m)));
  const dropMember = (userId) => setMembers((rows) => rows.filter((m) => m.id !== userId));
  const replaceBoard = (board) => setBoards((rows) => rows.map((b) => (b.id === board.id ? board : b)));
  const invited = (user) =>
    setMembers((rows) => (rows.some((m) => m.id === user.id) ? rows.map((m) => (m.id === user.id ? user : m)) : [...rows, user]));

  return html`<main class="page members-page">
    <h1>${workspace ? workspace.name : "Workspace"}: members</h1>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${manages && html`<${InviteForm} ws=${ws} onInvited=${invited} />`}
    ${!members && !error && html`<p class="muted" aria-busy="true">Loading members…</p>`}
    ${members &&
    html`<table class="members-table" aria-label="Members">
      <thead>
        <tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th>
          <th scope="col">Boards</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
      </thead>
      <tbody>
        ${members.map(
          (member) => html`<${MemberRow} key=${member.id} ws=${ws} member=${member} myRole=${myRole}
            isMe=${profile && member.id === profile.id} boards=${boards}
            onChanged=${replaceMember} onRemoved=${dropMember} onBoardChanged=${replaceBoard} />`,
        )}
      </tbody>
    </table>`}
  </main>`;
}
