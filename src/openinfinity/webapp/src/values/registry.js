// Attribute type -> {Display, Editor, editable, toggle?}: how the table, kanban cards and item panel
// show and edit a value. Display({attribute, value, item, store, session});
// Editor({attribute, value, item, store, save(data), cancel()}) keeps what was typed until saved;
// `toggle(value, {session})` (checkbox, vote) changes the value at once, without an editor;
// `typeToEdit`: typing on the focused cell opens the Editor with that text (prop `typed`).
import { html } from "../lib/html.js";
import { text } from "./text.js";
import { longtext } from "./longtext.js";
import { number } from "./number.js";
import { email } from "./email.js";
import { phone } from "./phone.js";
import { checkbox } from "./checkbox.js";
import { date } from "./date.js";
import { label } from "./label.js";
import { members } from "./members.js";
import { links } from "./links.js";
import { checklist } from "./checklist.js";
import { attachments } from "./attachments.js";
import { rating } from "./rating.js";
import { progress } from "./progress.js";
import { vote } from "./vote.js";
import { reference } from "./reference.js";
import { created_at } from "./created_at.js";
import { updated_at } from "./updated_at.js";
import { created_by } from "./created_by.js";
import { source_folder } from "./source_folder.js";
import { time_tracking } from "./time_tracking.js";

export const valueRegistry = {
  text,
  longtext,
  number,
  email,
  phone,
  checkbox,
  date,
  label,
  members,
  links,
  checklist,
  attachments,
  rating,
  progress,
  vote,
  reference,
  created_at,
  updated_at,
  created_by,
  source_folder,
  time_tracking,
};

function UnknownDisplay({ value }) {
  return value === null || value === undefined ? null : html`<span>${JSON.stringify(value)}</span>`;
}

const unknown = { Display: UnknownDisplay, Editor: null, editable: false };

/** The entry of `type`; a type this build does not know is shown as JSON, read-only. */
export function valueType(type) {
  return valueRegistry[type] || unknown;
}

/** The attribute types a person may add as a column, in the order the menu lists them. */
export const CREATABLE_TYPES = [
  ["text", "Text"],
  ["longtext", "Long text"],
  ["number", "Number"],
  ["label", "Label"],
  ["members", "Members"],
  ["date", "Date"],
  ["checkbox", "Checkbox"],
  ["email", "E-mail"],
  ["phone", "Phone"],
  ["links", "Links"],
  ["checklist", "Checklist"],
  ["attachments", "Attachments"],
  ["rating", "Rating"],
  ["progress", "Progress"],
  ["vote", "Vote"],
  ["reference", "Reference"],
  ["created_at", "Created at"],
  ["updated_at", "Updated at"],
  ["created_by", "Created by"],
  ["source_folder", "Folder"],
  ["time_tracking", "Time tracking"],
];
