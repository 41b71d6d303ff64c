// A <select> of the person's workspaces; choosing one opens its boards.
import { html } from "../lib/html.js";
import { navigate } from "../router.js";
import { useSession } from "./session.js";

export function WorkspaceSwitcher({ current }) {
  const { workspaces } = useSession();
  const onChange = (event) => navigate(`/w/${event.currentTarget.value}`);
  return html`<label class="ws-switcher">
    <span class="visually-hidden">Workspace</span>
    <select aria-label="Workspace" value=${String(current)} onChange=${onChange}>
      ${workspaces.map((ws) => html`<option value=${String(ws.id)}>${ws.name}</option>`)}
    </select>
  </label>`;
}
