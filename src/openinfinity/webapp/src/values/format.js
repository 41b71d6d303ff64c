// Formatting shared by the value displays: dates, numbers, colours, plain text of HTML.

const dateOnly = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
const dateTime = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** True for "2024-05-01"; false for a date-time. */
export function isDateOnly(text) {
  return typeof text === "string" && /^\d{4}-\d{2}-\d{2}$/.test(text);
}

/** "2024-05-01" -> "May 1, 2024" (no time-zone shift); a date-time in local time. */
export function formatDate(text) {
  if (!text) return "";
  if (isDateOnly(text)) {
    const [y, m, d] = text.split("-").map(Number);
    return dateOnly.format(new Date(y, m - 1, d));
  }
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? String(text) : dateTime.format(date);
}

/** A date-time as the value of <input type=datetime-local> in local time: "2024-05-01T09:30". */
export function toLocalInput(text) {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A number with the attribute's display settings (precision, currency, percent). */
export function formatNumber(value, settings) {
  if (value === null || value === undefined || value === "") return "";
  const s = settings && !Array.isArray(settings) ? settings : {};
  const precision = Number.isInteger(s.precision) ? Math.min(Math.max(s.precision, 0), 10) : undefined;
  const text = Number(value).toLocaleString(undefined, {
    minimumFractionDigits: precision,
    maximumFractionDigits: precision === undefined ? 10 : precision,
  });
  if (s.format === "currency" && s.currency) return `${s.currency}${text}`;
  if (s.format === "percent") return `${text}%`;
  return text;
}

/** Settings as an object (the API answers [] for "no settings", like the hosted one). */
export function settingsOf(attribute) {
  const s = attribute && attribute.settings;
  return s && !Array.isArray(s) ? s : {};
}

/** Black or white text, whichever reads better on `hex`. */
export function textOn(hex) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(hex || "");
  if (!m) return "inherit";
  const [r, g, b] = m.slice(1).map((x) => parseInt(x, 16));
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? "#1b1f24" : "#ffffff";
}

/** The text of an HTML fragment, parsed inertly (nothing runs, nothing loads). */
export function plainText(htmlText) {
  if (!htmlText) return "";
  // A space after each block, so "<p>a</p><p>b</p>" reads "a b", not "ab".
  const spaced = String(htmlText).replace(/<\/(p|div|li|h[1-6]|blockquote|pre)>|<br\s*\/?>/gi, "$& ");
  const doc = new DOMParser().parseFromString(spaced, "text/html");
  return (doc.body.textContent || "").replace(/\s+/g, " ").trim();
}
