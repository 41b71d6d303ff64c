// Invite by e-mail with a role. No mail is sent by the server: a new user's single-use sign-up
// link is shown here to be passed on (inviting the same address again issues a fresh link).
import { html, useState } from "../lib/html.js";
import { ApiError } from "../api/client.js";
import { invite, ROLES } from "./membersApi.js";

export function InviteForm({ ws, onInvited }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("restricted-member");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [result, setResult] = useState(null);
  const [copied, setCopied] = useState(false);

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    setCopied(false);
    try {
      const user = await invite(ws, email.trim(), role);
      setResult(user);
      setEmail("");
      onInvited(user);
    } catch (err) {
      setError(err instanceof ApiError ? err.fieldMessage("email") : String(err));
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(result.invitation.url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return html`<section class="invite" aria-labelledby="invite-title">
    <h2 id="invite-title">Invite someone</h2>
    <form class="invite-form" onSubmit=${submit}>
      <label for="invite-email">E-mail</label>
      <input id="invite-email" type="email" required value=${email} aria-invalid=${Boolean(error)}
        aria-describedby=${error ? "invite-error" : undefined} onInput=${(e) => setEmail(e.currentTarget.value)} />
      <label for="invite-role">Role</label>
      <select id="invite-role" value=${role} onChange=${(e) => setRole(e.currentTarget.value)}>
        ${ROLES.map(([value, name]) => html`<option key=${value} value=${value}>${name}</option>`)}
      </select>
      <button type="submit" class="primary" disabled=${busy || !email.trim()}>Invite</button>
    </form>
    ${error && html`<p class="field-error" id="invite-error" role="alert">${error}</p>`}
    ${result &&
    html`<div class="invite-result" role="status">
      ${result.invitation
        ? html`<p>${result.email} is invited. No e-mail is sent: pass them this sign-up link (it works once).</p>
            <div class="invite-link">
              <input type="text" readonly value=${result.invitation.url} aria-label="Invitation link"
                onFocus=${(e) => e.currentTarget.select()} />
              <button type="button" onClick=${copy}>${copied ? "Copied" : "Copy link"}</button>
            </div>`
        : html`<p>${result.email} is a member now; they sign in with their own account.</p>`}
    </div>`}
  </section>`;
}
