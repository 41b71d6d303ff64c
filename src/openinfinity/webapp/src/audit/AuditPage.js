// The workspace's audit log, for its owner and admins: who did what to which member, token,
// application, webhook, board or column, from which address. Newest first, 50 at a time
// ("Show older entries" follows the `after` cursor), filtered by action.
import { html, useEffect, useRef, useState } from "../lib/html.js";
import { api } from "../api/client.js";
import { useSession } from "../shell/session.js";
import { actorName, actorVia } from "../item/historyWords.js";
import { AUDIT_ACTIONS, actionWords, listAudit } from "./auditApi.js";

export function AuditPage({ route }) {
  const ws = route.params.ws;
  const { workspaces } = useSession();
  const workspace = workspaces.find((w) => String(w.id) === String(ws));
  const [action, setAction] = useState("");
  const [entries, setEntries] = useState(null);
  const [cursor, setCursor] = useState(null);
  const [members, setMembers] = useState([]);
  const [error, setError] = useState(null);
  const request = useRef(0);

  useEffect(() => {
    api.all(`/workspaces/${ws}/members`, { sort_direction: "asc" }).then(setMembers, () => {});
  }, [ws]);

  const load = async (after) => {
    const mine = ++request.current;
    setError(null);
    try {
      const page = await listAudit(ws, { action, after });
      if (mine !== request.current) return;
      setEntries((rows) => (after ? [...rows, ...page.data] : page.data));
      setCursor(page.has_more ? page.after : null);
    } catch (err) {
      if (mine !== request.current) return;
      setError(
        err.status === 403 ? "Only the workspace's owner and admins can read its audit log." : err.message,
      );
    }
  };
  useEffect(() => {
    setEntries(null);
    load(null);
  }, [ws, action]);

  return html`<main class="page audit-page">
    <h1>${workspace ? workspace.name : "Workspace"}: audit log</h1>
    <div class="audit-toolbar">
      <label>Action
        <select value=${action} onChange=${(event) => setAction(event.currentTarget.value)}>
          <option value="">All actions</option>
          ${AUDIT_ACTIONS.map(([value, words]) => html`<option key=${value} value=${value}>${words}</option>`)}
        </select>
      </label>
      <button type="button" onClick=${() => load(null)}>Refresh</button>
    </div>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${!entries && !error && html`<p class="muted" aria-busy="true">Loading the audit log…</p>`}
    ${entries &&
    html`<table class="audit-table" aria-label="Audit log">
      <thead>
        <tr><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th>
          <th scope="col">Target</th><th scope="col">Address</th></tr>
      </thead>
      <tbody>
        ${entries.map((entry) => html`<${AuditRow} key=${entry.id} entry=${entry} members=${members} />`)}
        ${entries.length === 0 && html`<tr><td colspan="5" class="muted">No entries.</td></tr>`}
      </tbody>
    </table>`}
    ${cursor && html`<button type="button" onClick=${() => load(cursor)}>Show older entries</button>`}
  </main>`;
}

const TARGET_WORDS = { attribute: "column", oauth_client: "application", hook: "webhook" };

/** The target in words: a member's name, a token's or board's name, else its type and id. */
function targetWords(entry, members) {
  const kind = TARGET_WORDS[entry.target_type] || entry.target_type;
  const details = entry.details || {};
  if (entry.target_type === "user") {
    const member = members.find((m) => String(m.id) === String(entry.target_id));
    return member ? member.name : details.email || `User #${entry.target_id}`;
  }
  if (details.name) return `${kind} “${details.name}”`;
  if (details.url) return `${kind} ${details.url}`;
  return `${kind} #${entry.target_id}`;
}

/** A short reading of the details that matter (roles, scopes, why access ended). */
function detailWords(entry) {
  const d = entry.details || {};
  if (d.old && d.new) return `${d.old} → ${d.new}`;
  if (d.reason) return d.reason.replace(/_/g, " ");
  if (d.role) return d.role;
  if (d.type) return d.type;
  if (Array.isArray(d.scopes) && d.scopes.length) return `scopes: ${d.scopes.join(", ")}`;
  return "";
}

function AuditRow({ entry, members }) {
  const via = actorVia(entry.actor);
  const detail = detailWords(entry);
  return html`<tr data-testid="audit-entry">
    <td><time datetime=${entry.created_at}>${new Date(entry.created_at).toLocaleString()}</time></td>
    <td>${actorName(entry.actor, members)}${via && html` <span class="muted">${via}</span>`}</td>
    <td>${actionWords(entry.action)}${detail && html` <span class="muted">(${detail})</span>`}</td>
    <td>${targetWords(entry, members)}</td>
    <td><code>${entry.address || "—"}</code></td>
  </tr>`;
}
