// The header: product name, workspace switcher, nav (boards, members, the audit log for owners and
// admins), user menu.
import { html, useEffect, useState } from "../lib/html.js";
import { canReadAudit } from "../audit/auditApi.js";
import { Link } from "../router.js";
import { useSession } from "./session.js";
import { WorkspaceSwitcher } from "./WorkspaceSwitcher.js";
import { UserMenu } from "./UserMenu.js";

export function Header({ route }) {
  const { profile } = useSession();
  const ws = route.params.ws;
  const current = (name) => (route.name === name ? "page" : undefined);
  const auditable = useAuditAccess(ws, profile);
  return html`<header class="topbar">
    <${Link} class="brand" href="/">openinfinity<//>
    ${ws && html`<${WorkspaceSwitcher} current=${ws} />`}
    ${ws &&
    html`<nav class="mainnav" aria-label="Workspace">
      <${Link} href=${`/w/${ws}`} aria-current=${current("boards")}>Boards<//>
      <${Link} href=${`/w/${ws}/members`} aria-current=${current("members")}>Members<//>
      ${auditable && html`<${Link} href=${`/w/${ws}/audit`} aria-current=${current("audit")}>Audit log<//>`}
    </nav>`}
    <span class="spacer"></span>
    <${UserMenu} profile=${profile} />
  </header>`;
}

/** Whether to offer the audit log: owners always; anyone else when the API lets them read it. */
function useAuditAccess(ws, profile) {
  const { workspaces } = useSession();
  const workspace = workspaces.find((w) => String(w.id) === String(ws));
  const owner = Boolean(workspace && profile && workspace.owner_id === profile.id);
  const [allowed, setAllowed] = useState(false);
  useEffect(() => {
    let live = true;
    setAllowed(false);
    if (ws && !owner) canReadAudit(ws).then((yes) => live && setAllowed(yes));
    return () => {
      live = false;
    };
  }, [ws, owner]);
  return owner || allowed;
}
