// The header: product name, workspace switcher, nav (boards, members), user menu.
import { html } from "../lib/html.js";
import { Link } from "../router.js";
import { useSession } from "./session.js";
import { WorkspaceSwitcher } from "./WorkspaceSwitcher.js";
import { UserMenu } from "./UserMenu.js";

export function Header({ route }) {
  const { profile } = useSession();
  const ws = route.params.ws;
  const current = (name) => (route.name === name ? "page" : undefined);
  return html`<header class="topbar">
    <${Link} class="brand" href="/">openinfinity<//>
    ${ws && html`<${WorkspaceSwitcher} current=${ws} />`}
    ${ws &&
    html`<nav class="mainnav" aria-label="Workspace">
      <${Link} href=${`/w/${ws}`} aria-current=${current("boards")}>Boards<//>
      <${Link} href=${`/w/${ws}/members`} aria-current=${current("members")}>Members<//>
    </nav>`}
    <span class="spacer"></span>
    <${UserMenu} profile=${profile} />
  </header>`;
}
