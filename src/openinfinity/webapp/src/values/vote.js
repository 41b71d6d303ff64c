// vote: the ids of the members who voted. Toggling adds or removes the signed-in person's vote.
import { html } from "../lib/html.js";

function Display({ value, session }) {
  const ids = Array.isArray(value) ? value : [];
  const mine = session && session.profile && ids.includes(session.profile.id);
  return html`<span class=${"v-vote" + (mine ? " voted" : "")} title=${mine ? "You voted" : "Vote"}
    >▲ ${ids.length}</span>`;
}

function toggle(value, { session }) {
  const ids = Array.isArray(value) ? value : [];
  const me = session.profile.id;
  return ids.includes(me) ? ids.filter((id) => id !== me) : [...ids, me];
}

export const vote = { Display, Editor: null, editable: true, toggle };
