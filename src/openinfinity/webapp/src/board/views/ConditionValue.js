// The value input of one filter condition, chosen by the operator's value kind (operators.js).
// Ids (labels, users, folders) are picked from lists, never typed.
import { html } from "../../lib/html.js";

function ChoiceList({ id, label, choices, value, onChange }) {
  const picked = new Set(value || []);
  const toggle = (choiceId, on) => {
    const next = choices.map((c) => c.id).filter((cid) => (cid === choiceId ? on : picked.has(cid)));
    onChange(next);
  };
  return html`<fieldset class="filter-choices" id=${id}>
    <legend class="visually-hidden">${label}</legend>
    ${choices.length === 0 && html`<span class="muted">Nothing to pick</span>`}
    ${choices.map(
      (choice) => html`<label key=${choice.id} class="filter-choice">
        <input type="checkbox" checked=${picked.has(choice.id)}
          onChange=${(e) => toggle(choice.id, e.currentTarget.checked)} />
        ${choice.color && html`<span class="swatch" style=${`background:${choice.color}`} aria-hidden="true"></span>`}
        ${choice.name}
      </label>`,
    )}
  </fieldset>`;
}

function splitList(text) {
  return text.split(",").map((part) => part.trim()).filter(Boolean);
}

export function ConditionValue({ id, kind, value, choices, onChange, label }) {
  const input = (type, v, set, extra = {}) =>
    html`<input id=${extra.id || id} type=${type} value=${v ?? ""} aria-label=${extra.label || label}
      step=${extra.step} min=${extra.min} max=${extra.max}
      onInput=${(e) => set(e.currentTarget.value)} />`;
  switch (kind) {
    case "none":
      return null;
    case "text":
      return input("text", value, onChange);
    case "number":
      return input("number", value, onChange, { step: "any" });
    case "fraction":
      // The grammar compares the done fraction 0..1; people think in percent.
      return html`<span class="filter-percent">${input(
        "number",
        value === "" || value == null ? "" : Math.round(Number(value) * 100),
        (v) => onChange(v === "" ? "" : Number(v) / 100),
        { min: 0, max: 100, step: 1, label: `${label} (percent done)` },
      )}<span aria-hidden="true">%</span></span>`;
    case "date":
      return input("date", value, onChange);
    case "texts":
    case "numbers":
      return input("text", (value || []).join(", "), (v) => onChange(splitList(v)), {
        label: `${label} (separate with commas)`,
      });
    case "range":
    case "dates": {
      const [low, high] = Array.isArray(value) ? value : ["", ""];
      const type = kind === "range" ? "number" : "date";
      return html`<span class="filter-range">
        ${input(type, low, (v) => onChange([v, high]), { id: `${id}-low`, label: `${label} from`, step: "any" })}
        <span aria-hidden="true">and</span>
        ${input(type, high, (v) => onChange([low, v]), { id: `${id}-high`, label: `${label} to`, step: "any" })}
      </span>`;
    }
    case "boolean":
      return html`<select id=${id} aria-label=${label} value=${value === false ? "false" : "true"}
        onChange=${(e) => onChange(e.currentTarget.value === "true")}>
        <option value="true">checked</option>
        <option value="false">unchecked</option>
      </select>`;
    case "choice":
      return html`<select id=${id} aria-label=${label} value=${value ?? ""}
        onChange=${(e) => onChange(e.currentTarget.value)}>
        <option value="">Pick…</option>
        ${choices.map((c) => html`<option key=${c.id} value=${c.id}>${c.name}</option>`)}
      </select>`;
    case "choices":
      return html`<${ChoiceList} id=${id} label=${label} choices=${choices} value=${value} onChange=${onChange} />`;
    default:
      return null;
  }
}
