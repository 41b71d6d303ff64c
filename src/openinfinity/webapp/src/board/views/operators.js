// The filter grammar of docs/views.md as the filter editor needs it: which operators an attribute
// type takes and what kind of value each operator wants. The server validates every saved filter
// again (a 422 names the path), so a mismatch here shows as an error, never as a wrong filter.

const EMPTINESS = ["is_empty", "is_not_empty"];
const DATE_OPS = ["is", "is_not", "before", "after", "on_or_before", "on_or_after", "between"];

const FAMILY_OPERATORS = {
  text: ["contains", "not_contains", "is", "is_not", "starts_with", "ends_with", "in", "not_in", ...EMPTINESS],
  number: ["is", "is_not", "gt", "gte", "lt", "lte", "between", "in", "not_in", ...EMPTINESS],
  checkbox: ["is", "is_not"],
  date: [...DATE_OPS, ...EMPTINESS],
  label: ["in", "not_in", "is", "is_not", "contains", "not_contains", ...EMPTINESS],
  users: ["in", "not_in", "is", "is_not", "contains", "not_contains", "gt", "gte", "lt", "lte", ...EMPTINESS],
  checklist: ["is", "gt", "gte", "lt", "lte", ...EMPTINESS],
  reference: EMPTINESS,
  attachments: EMPTINESS,
  item_date: DATE_OPS,
  item_user: ["is", "is_not", "in", "not_in", ...EMPTINESS],
  item_folder: ["is", "is_not", "in", "not_in"],
};

const FAMILY = {
  text: "text", longtext: "text", email: "text", phone: "text", links: "text",
  number: "number", rating: "number", progress: "number", time_tracking: "number", // seconds
  checkbox: "checkbox",
  date: "date",
  label: "label",
  members: "users", vote: "users",
  checklist: "checklist",
  reference: "reference",
  attachments: "attachments",
  created_at: "item_date", updated_at: "item_date",
  created_by: "item_user",
  source_folder: "item_folder",
};

const SORTABLE = new Set([
  "text", "longtext", "email", "phone", "links", "label", "number", "rating", "progress", "checkbox",
  "date", "members", "vote", "checklist", "created_at", "updated_at", "created_by", "time_tracking",
]);

export const OPERATOR_LABELS = {
  is: "is", is_not: "is not", contains: "contains", not_contains: "does not contain",
  starts_with: "starts with", ends_with: "ends with", in: "is any of", not_in: "is none of",
  is_empty: "is empty", is_not_empty: "is not empty", gt: ">", gte: "≥", lt: "<", lte: "≤",
  between: "between", before: "before", after: "after", on_or_before: "on or before",
  on_or_after: "on or after",
};

export function familyOf(type) {
  return FAMILY[type] || null;
}

export function filterable(attribute) {
  return familyOf(attribute.type) !== null;
}

export function sortable(attribute) {
  return SORTABLE.has(attribute.type);
}

export function operatorsFor(attribute) {
  return FAMILY_OPERATORS[familyOf(attribute.type)] || [];
}

// What the value input of a condition is:
//   none      no value (emptiness operators)
//   text      one string             texts    a list of strings (in / not_in)
//   number    one number             numbers  a list of numbers   range  [low, high]
//   boolean   true / false           date     one ISO day         dates  [low, high] days
//   fraction  0..1 (checklist done)  choices  ids picked from a list (labels, users, folders)
//   choice    one id picked from a list
export function valueKind(attribute, operator) {
  if (EMPTINESS.includes(operator)) return "none";
  const family = familyOf(attribute.type);
  const comparison = ["gt", "gte", "lt", "lte"].includes(operator);
  switch (family) {
    case "text":
      return operator === "in" || operator === "not_in" ? "texts" : "text";
    case "number":
      if (operator === "between") return "range";
      return operator === "in" || operator === "not_in" ? "numbers" : "number";
    case "checkbox":
      return "boolean";
    case "date":
    case "item_date":
      return operator === "between" ? "dates" : "date";
    case "checklist":
      return "fraction";
    case "users":
      return comparison ? "number" : "choices";
    case "label":
      return "choices";
    case "item_user":
    case "item_folder":
      return operator === "in" || operator === "not_in" ? "choices" : "choice";
    default:
      return "none";
  }
}

// A value that fits a new operator, kept from the old one where the kind is the same.
export function defaultValue(kind, previous) {
  switch (kind) {
    case "none":
      return undefined;
    case "boolean":
      return typeof previous === "boolean" ? previous : true;
    case "texts":
    case "numbers":
    case "choices":
      return Array.isArray(previous) ? previous : previous != null && previous !== "" ? [previous] : [];
    case "range":
    case "dates":
      return Array.isArray(previous) && previous.length === 2 ? previous : ["", ""];
    default:
      return Array.isArray(previous) ? previous[0] ?? "" : previous ?? "";
  }
}
