// members: user ids of workspace members, shown as avatars; picked from the workspace's members.
import { html } from "../lib/html.js";
import { Picker } from "./picker.js";
import { Avatar, AvatarList } from "./Avatar.js";

function Display({ value, store }) {
  return html`<${AvatarList} ids=${value} members=${store ? store.get().members : []} />`;
}

function Editor({ attribute, value, save, cancel, store }) {
  const members = store ? store.get().members : [];
  const options = members.map((m) => ({ id: m.id, text: `${m.name} ${m.email}`, member: m }));
  return html`<${Picker} label=${attribute.name} options=${options} initial=${value || []}
    save=${save} cancel=${cancel}
    renderOption=${(o) => html`<${Avatar} user=${o.member} /> <span>${o.member.name}</span>`} />`;
}

export const members = { Display, Editor, editable: true };
