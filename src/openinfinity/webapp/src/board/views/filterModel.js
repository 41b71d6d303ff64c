// The filter tree the editor edits, in the grammar's own shape (docs/views.md):
//   group := {combinator: "AND" | "OR", conditions: [condition | group]}
//   condition := {attributeId, operator, value}
// Nodes are addressed by a path of indexes from the root group. Every change returns a new tree
// (Preact re-renders by identity).
import { defaultValue, operatorsFor, valueKind } from "./operators.js";

export function emptyFilter() {
  return { combinator: "AND", conditions: [] };
}

export function isGroup(node) {
  return node && Array.isArray(node.conditions) && !("attributeId" in node);
}

// A stored filter, read leniently: a bare array of conditions is an AND group.
export function readFilter(raw) {
  if (Array.isArray(raw)) return { combinator: "AND", conditions: raw };
  if (!raw || typeof raw !== "object" || !Array.isArray(raw.conditions)) return emptyFilter();
  return { combinator: raw.combinator === "OR" ? "OR" : "AND", conditions: raw.conditions };
}

export function newCondition(attribute) {
  const operator = operatorsFor(attribute)[0];
  return { attributeId: attribute.id, operator, value: defaultValue(valueKind(attribute, operator)) };
}

function update(group, path, change) {
  if (path.length === 0) return change(group);
  const [index, ...rest] = path;
  const conditions = group.conditions.slice();
  conditions[index] = update(conditions[index], rest, change);
  return { ...group, conditions };
}

export function nodeAt(tree, path) {
  return path.reduce((node, index) => node.conditions[index], tree);
}

export function replaceNode(tree, path, node) {
  return update(tree, path, () => node);
}

export function appendTo(tree, groupPath, node) {
  return update(tree, groupPath, (group) => ({ ...group, conditions: [...group.conditions, node] }));
}

export function removeNode(tree, path) {
  const parentPath = path.slice(0, -1);
  const index = path[path.length - 1];
  return update(tree, parentPath, (group) => ({
    ...group,
    conditions: group.conditions.filter((_, i) => i !== index),
  }));
}

export function setCombinator(tree, groupPath, combinator) {
  return update(tree, groupPath, (group) => ({ ...group, combinator }));
}

// A condition after its attribute changed: the first operator of the new type, a fresh value.
export function withAttribute(condition, attribute) {
  return condition.attributeId === attribute.id ? condition : newCondition(attribute);
}

// A condition after its operator changed: the value kept where it still fits.
export function withOperator(condition, attribute, operator) {
  const value = defaultValue(valueKind(attribute, operator), condition.value);
  const next = { attributeId: condition.attributeId, operator };
  return value === undefined ? next : { ...next, value };
}

function cleanValue(kind, value) {
  const number = (v) => (v === "" || v == null ? null : Number(v));
  switch (kind) {
    case "number":
      return number(value);
    case "fraction": {
      const n = number(value);
      return n === null ? null : n;
    }
    case "numbers":
      return (value || []).map(number).filter((n) => n !== null && !Number.isNaN(n));
    case "range":
      return (value || []).map(number);
    case "texts":
    case "choices":
      return (value || []).filter((v) => v !== "" && v != null);
    default:
      return value;
  }
}

// The filter to save: conditions of attributes the board no longer has are dropped, empty groups
// removed, and values converted to the types the grammar wants (numbers as numbers).
export function toSettingsFilter(tree, attributesById) {
  const walk = (group) => ({
    combinator: group.combinator,
    conditions: group.conditions
      .map((node) => {
        if (isGroup(node)) {
          const inner = walk(node);
          return inner.conditions.length ? inner : null;
        }
        const attribute = attributesById[node.attributeId];
        if (!attribute) return null;
        const kind = valueKind(attribute, node.operator);
        if (kind === "none") return { attributeId: node.attributeId, operator: node.operator };
        return { attributeId: node.attributeId, operator: node.operator, value: cleanValue(kind, node.value) };
      })
      .filter(Boolean),
  });
  return walk(tree);
}

export function countConditions(tree) {
  return tree.conditions.reduce((n, node) => n + (isGroup(node) ? countConditions(node) : 1), 0);
}
