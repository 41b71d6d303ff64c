// time_tracking: total tracked seconds, shown as hours and minutes. Read-only in the table: time
// is tracked through the Time tracking endpoint (entries started and ended by integrations).
import { html } from "../lib/html.js";

export function formatDuration(seconds) {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds <= 0) return "";
  const total = Math.floor(seconds / 60);
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  if (hours === 0) return `${minutes}m`;
  return minutes === 0 ? `${hours}h` : `${hours}h ${minutes}m`;
}

function Display({ value }) {
  const text = formatDuration(value);
  if (!text) return null;
  return html`<span class="v-time-tracking" title=${`${value} s`}>${text}</span>`;
}

export const time_tracking = { Display, Editor: null, editable: false };
