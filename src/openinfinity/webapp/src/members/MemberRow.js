// One member: name, e-mail, role (a select for those who may change it), board access for
// restricted members, and removal. Only the owner grants or withdraws the admin role.
import { html, useState } from "../lib/html.js";
import { changeRole, invite, removeMember, ROLES, ROLE_NAMES } from "./membersApi.js";
import { BoardAccess } from "./BoardAccess.js";

export function MemberRow({ ws, member, myRole, isMe, boards, onChanged, onRemoved, onBoardChanged }) {
  const role = member.membership ? member.membership.role : null;
  const pending = Boolean(member.membership && member.membership.pending);
  const [error, setError] = useState(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [showBoards, setShowBoards] = useState(false);
  const [wantedRole, setWantedRole] = useState(null); // shown while the change is on its way
  const [link, setLink] = useState(null);

  const manages = myRole === "owner" || myRole === "admin";
  const touchable = manages && role !== "owner" && (myRole === "owner" || role !== "admin");
  const run = async (action) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const onRole = (event) => {
    const next = event.currentTarget.value;
    setWantedRole(next);
    run(async () => onChanged(await changeRole(ws, member.id, next))).finally(() => setWantedRole(null));
  };
  // Inviting the address again issues a fresh sign-up link (older ones stop working).
  const newLink = () =>
    run(async () => {
      const user = await invite(ws, member.email, role);
      setLink(user.invitation ? user.invitation.url : null);
    });
  const remove = () =>
    run(async () => {
      await removeMember(ws, member.id);
      onRemoved(member.id);
    });

  const roleId = `role-${member.id}`;
  return html`<tr data-testid="member-row" data-email=${member.email}>
    <th scope="row">
      <span class="member-name">${member.name}</span>
      ${isMe && html` <span class="muted">(you)</span>`}
      ${pending && html` <span class="badge">Invited</span>`}
    </th>
    <td>${member.email}</td>
    <td>
      ${touchable
        ? html`<label for=${roleId} class="visually-hidden">Role of ${member.name}</label>
            <select id=${roleId} value=${wantedRole || role} disabled=${busy} onChange=${onRole}>
              ${ROLES.map(
                ([value, name]) => html`<option key=${value} value=${value}
                  disabled=${value === "admin" && myRole !== "owner"}>${name}</option>`,
              )}
            </select>`
        : html`<span>${ROLE_NAMES[role] || role || ""}</span>`}
    </td>
    <td>
      ${role === "restricted-member"
        ? html`<button type="button" class="link-button" aria-expanded=${showBoards}
              aria-label=${`Boards of ${member.name}`} onClick=${() => setShowBoards(!showBoards)}>
              ${boards.filter((b) => (b.user_ids || []).includes(member.id)).length} of ${boards.length} boards
            </button>
            ${showBoards &&
            html`<${BoardAccess} ws=${ws} member=${member} boards=${boards} editable=${manages}
              onBoardChanged=${onBoardChanged} />`}`
        : html`<span class="muted">All boards</span>`}
    </td>
    <td class="member-actions">
      ${touchable && !confirming &&
      html`<button type="button" class="danger" aria-label=${`Remove ${member.name}`} disabled=${busy}
        onClick=${() => setConfirming(true)}>Remove</button>`}
      ${touchable && confirming &&
      html`<span role="group" aria-label="Confirm removal">
        <button type="button" class="danger" disabled=${busy} onClick=${remove}>Remove ${member.name}</button>
        <button type="button" onClick=${() => setConfirming(false)}>Keep</button>
      </span>`}
      ${manages && pending && !link &&
      html`<button type="button" disabled=${busy} aria-label=${`New invitation link for ${member.email}`}
        onClick=${newLink}>New link</button>`}
      ${link &&
      html`<input type="text" class="member-invite-link" readonly value=${link}
        aria-label=${`Invitation link for ${member.email}`} onFocus=${(e) => e.currentTarget.select()} />`}
      ${error && html`<p class="field-error" role="alert">${error}</p>`}
    </td>
  </tr>`;
}
