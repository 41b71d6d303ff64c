// The filter editor: rows of attribute -> operator -> value, combined with AND/OR, and groups
// one level down (the grammar allows five; one is what a person builds by hand). The filter is
// edited as a tree (filterModel.js), never typed as JSON.
import { html } from "../../lib/html.js";
import { ConditionValue } from "./ConditionValue.js";
import { OPERATOR_LABELS, filterable, operatorsFor, valueKind } from "./operators.js";
import {
  appendTo,
  isGroup,
  newCondition,
  removeNode,
  replaceNode,
  setCombinator,
  withAttribute,
  withOperator,
} from "./filterModel.js";

const MAX_DEPTH = 1;

function ConditionRow({ path, condition, attributes, byId, choicesFor, onTree, tree }) {
  const key = `filter-${path.join("-")}`;
  const attribute = byId[condition.attributeId];
  const candidates = attributes.filter(filterable);
  const set = (node) => onTree(replaceNode(tree, path, node));
  if (!attribute) {
    return html`<div class="filter-row" role="group" aria-label="Condition">
      <span class="muted">A deleted attribute (ignored)</span>
      <button type="button" class="icon" aria-label="Remove condition" onClick=${() => onTree(removeNode(tree, path))}>×</button>
    </div>`;
  }
  const kind = valueKind(attribute, condition.operator);
  return html`<div class="filter-row" role="group" aria-label=${`Condition on ${attribute.name}`}>
    <select id=${`${key}-attribute`} aria-label="Attribute" value=${attribute.id}
      onChange=${(e) => set(withAttribute(condition, byId[e.currentTarget.value]))}>
      ${candidates.map((a) => html`<option key=${a.id} value=${a.id}>${a.name}</option>`)}
    </select>
    <select id=${`${key}-operator`} aria-label="Operator" value=${condition.operator}
      onChange=${(e) => set(withOperator(condition, attribute, e.currentTarget.value))}>
      ${operatorsFor(attribute).map((op) => html`<option key=${op} value=${op}>${OPERATOR_LABELS[op] || op}</option>`)}
    </select>
    <${ConditionValue} id=${`${key}-value`} kind=${kind} value=${condition.value} label="Value"
      choices=${choicesFor(attribute)} onChange=${(value) => set({ ...condition, value })} />
    <button type="button" class="icon" aria-label="Remove condition" onClick=${() => onTree(removeNode(tree, path))}>×</button>
  </div>`;
}

function GroupBox({ path, group, attributes, byId, choicesFor, onTree, tree }) {
  const first = attributes.find(filterable);
  const depth = path.length;
  const label = depth === 0 ? "Filter" : "Group";
  return html`<div class=${depth === 0 ? "filter-group root" : "filter-group"} role="group" aria-label=${label}>
    <div class="filter-group-head">
      <label>
        <span>Match</span>
        <select aria-label=${depth === 0 ? "Match" : "Group match"} value=${group.combinator}
          onChange=${(e) => onTree(setCombinator(tree, path, e.currentTarget.value))}>
          <option value="AND">all (AND)</option>
          <option value="OR">any (OR)</option>
        </select>
      </label>
      ${depth > 0 &&
      html`<button type="button" class="icon" aria-label="Remove group" onClick=${() => onTree(removeNode(tree, path))}>×</button>`}
    </div>
    ${group.conditions.map((node, index) =>
      isGroup(node)
        ? html`<${GroupBox} key=${index} path=${[...path, index]} group=${node} attributes=${attributes}
            byId=${byId} choicesFor=${choicesFor} onTree=${onTree} tree=${tree} />`
        : html`<${ConditionRow} key=${index} path=${[...path, index]} condition=${node} attributes=${attributes}
            byId=${byId} choicesFor=${choicesFor} onTree=${onTree} tree=${tree} />`,
    )}
    <div class="filter-actions">
      <button type="button" disabled=${!first}
        onClick=${() => onTree(appendTo(tree, path, newCondition(first)))}>+ Condition</button>
      ${depth < MAX_DEPTH &&
      html`<button type="button" disabled=${!first}
        onClick=${() => onTree(appendTo(tree, path, { combinator: "OR", conditions: [newCondition(first)] }))}>
        + Group</button>`}
    </div>
  </div>`;
}

// tree: the filter being edited; onChange(tree) on every edit. choicesFor(attribute) lists the
// ids a condition can pick ({id, name, color}).
export function FilterEditor({ tree, attributes, choicesFor, onChange }) {
  const byId = Object.fromEntries(attributes.map((a) => [a.id, a]));
  return html`<${GroupBox} path=${[]} group=${tree} attributes=${attributes} byId=${byId}
    choicesFor=${choicesFor} onTree=${onChange} tree=${tree} />`;
}
