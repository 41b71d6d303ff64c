// "Add column": a new attribute of any type with the settings that type takes (labels for a label
// attribute, precision for a number, min/max for rating and progress).
import { html, useState } from "../../lib/html.js";
import { api } from "../../api/client.js";
import { CREATABLE_TYPES } from "../../values/registry.js";

const PALETTE = ["#ffd3f2", "#ffb186", "#c3e88d", "#89ddff", "#f78c6c", "#c792ea", "#ffcb6b", "#e4e7eb"];

function LabelSettings({ labels, setLabels, multiple, setMultiple }) {
  const update = (i, patch) => setLabels(labels.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return html`<fieldset class="label-settings">
    <legend>Labels</legend>
    ${labels.map(
      (label, i) => html`<div class="list-row" key=${i}>
        <input aria-label=${`Label ${i + 1} name`} value=${label.name} onInput=${(e) => update(i, { name: e.currentTarget.value })} />
        <input type="color" aria-label=${`Label ${i + 1} colour`} value=${label.color}
          onInput=${(e) => update(i, { color: e.currentTarget.value })} />
        <button type="button" class="icon-button" aria-label=${`Remove label ${i + 1}`}
          onClick=${() => setLabels(labels.filter((_, j) => j !== i))}>×</button>
      </div>`,
    )}
    <button type="button" onClick=${() => setLabels([...labels, { name: "", color: PALETTE[labels.length % PALETTE.length] }])}>
      Add label</button>
    <label class="inline"><input type="checkbox" checked=${multiple} onChange=${(e) => setMultiple(e.currentTarget.checked)} />
      Several labels per item</label>
  </fieldset>`;
}

function RangeSettings({ range, setRange }) {
  return html`<div class="range-settings">
    <label for="new-col-min">Minimum</label>
    <input id="new-col-min" type="number" value=${range.min} onInput=${(e) => setRange({ ...range, min: e.currentTarget.value })} />
    <label for="new-col-max">Maximum</label>
    <input id="new-col-max" type="number" value=${range.max} onInput=${(e) => setRange({ ...range, max: e.currentTarget.value })} />
  </div>`;
}

const RANGE_DEFAULTS = { rating: { min: "0", max: "5" }, progress: { min: "0", max: "100" } };

export function AddColumn({ store, onClose }) {
  const [name, setName] = useState("");
  const [type, setType] = useState("text");
  const [labels, setLabels] = useState([{ name: "", color: PALETTE[0] }]);
  const [multiple, setMultiple] = useState(true);
  const [range, setRange] = useState(RANGE_DEFAULTS.rating);
  const [precision, setPrecision] = useState("");
  const [error, setError] = useState(null);

  const chooseType = (next) => {
    setType(next);
    if (RANGE_DEFAULTS[next]) setRange(RANGE_DEFAULTS[next]);
    if (next === "number") setRange({ min: "", max: "" }); // a number has no bounds unless given
  };
  const settings = () => {
    if (type === "label") return { multiple, labels: labels.filter((l) => l.name.trim()).map((l) => ({ name: l.name.trim(), color: l.color })) };
    if (RANGE_DEFAULTS[type]) return { min: Number(range.min), max: Number(range.max) };
    if (type === "number") {
      const out = {};
      if (precision !== "") out.precision = Number(precision);
      if (range.min !== "") out.min = Number(range.min);
      if (range.max !== "") out.max = Number(range.max);
      return out;
    }
    return {};
  };
  const submit = async (event) => {
    event.preventDefault();
    setError(null);
    try {
      const attribute = await api.post(`${store.base}/attributes`, { name: name.trim(), type, settings: settings() });
      store.upsertAttribute(attribute);
      onClose();
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<form class="add-column card" aria-label="Add column" onSubmit=${submit}
    onKeyDown=${(e) => e.key === "Escape" && onClose()}>
    <h2>Add column</h2>
    <label for="new-col-name">Column name</label>
    <input id="new-col-name" required maxlength="255" value=${name} autofocus onInput=${(e) => setName(e.currentTarget.value)} />
    <label for="new-col-type">Type</label>
    <select id="new-col-type" value=${type} onChange=${(e) => chooseType(e.currentTarget.value)}>
      ${CREATABLE_TYPES.map(([value, text]) => html`<option value=${value}>${text}</option>`)}
    </select>
    ${type === "label" && html`<${LabelSettings} labels=${labels} setLabels=${setLabels} multiple=${multiple} setMultiple=${setMultiple} />`}
    ${RANGE_DEFAULTS[type] && html`<${RangeSettings} range=${range} setRange=${setRange} />`}
    ${type === "number" &&
    html`<${RangeSettings} range=${range} setRange=${setRange} />
      <label for="new-col-precision">Decimal places</label>
      <input id="new-col-precision" type="number" min="0" max="10" value=${precision}
        onInput=${(e) => setPrecision(e.currentTarget.value)} />`}
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <div class="editor-buttons">
      <button type="submit" class="primary">Add column</button>
      <button type="button" onClick=${onClose}>Cancel</button>
    </div>
  </form>`;
}
