// The range of a rating/progress attribute: settings min..max, else the API's defaults.
import { settingsOf } from "./format.js";

export function rangeOf(attribute, defaults) {
  const s = settingsOf(attribute);
  const min = typeof s.min === "number" ? s.min : defaults[0];
  const max = typeof s.max === "number" ? s.max : defaults[1];
  return [min, max];
}
