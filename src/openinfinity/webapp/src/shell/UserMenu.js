// The signed-in person's menu: name, e-mail, link to tokens (profile page), sign out.
import { html, useEffect, useRef, useState } from "../lib/html.js";
import { Avatar } from "../values/Avatar.js";
import { signOut } from "./signout.js";

export function UserMenu({ profile }) {
  const [open, setOpen] = useState(false);
  const ref = useRef(null);
  useEffect(() => {
    if (!open) return undefined;
    const close = (event) => {
      if (!ref.current || !ref.current.contains(event.target)) setOpen(false);
    };
    const onKey = (event) => event.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);
  return html`<div class="usermenu" ref=${ref}>
    <button type="button" class="icon-button" aria-haspopup="menu" aria-expanded=${open}
      aria-label=${`Account menu of ${profile.name}`} onClick=${() => setOpen(!open)}>
      <${Avatar} user=${profile} />
    </button>
    ${open &&
    html`<div class="menu" role="menu">
      <div class="menu-header"><strong>${profile.name}</strong><br /><span class="muted">${profile.email}</span></div>
      <a role="menuitem" href="/profile">Profile and tokens</a>
      <button type="button" role="menuitem" onClick=${signOut}>Sign out</button>
    </div>`}
  </div>`;
}
