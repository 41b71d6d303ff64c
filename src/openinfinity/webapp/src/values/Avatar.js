// A person as a round badge with their initials (colour from their id); the name is the tooltip.
import { html } from "../lib/html.js";

const COLORS = ["#5b6ee1", "#d9534f", "#2e9d6b", "#c7831c", "#8e5bd6", "#1f8fb4", "#c2407d", "#607080"];

export function initials(name) {
  const parts = String(name || "?").trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] || "?").slice(0, 2);
  return letters.toUpperCase();
}

export function Avatar({ user, id }) {
  const key = user ? user.id : id;
  const name = user ? user.name || user.email : `User ${id}`;
  const color = COLORS[Math.abs(Number(key) || 0) % COLORS.length];
  return html`<span class="avatar" style=${{ background: color }} title=${name} aria-label=${name} role="img"
    >${initials(name)}</span
  >`;
}

/** Members by id as a row of avatars; unknown ids (former members) show as "User <id>". */
export function AvatarList({ ids, members }) {
  if (!Array.isArray(ids) || ids.length === 0) return null;
  const byId = new Map((members || []).map((m) => [m.id, m]));
  return html`<span class="avatars">
    ${ids.map((id) => html`<${Avatar} key=${id} user=${byId.get(id)} id=${id} />`)}
  </span>`;
}
