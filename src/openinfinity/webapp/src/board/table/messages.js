// The API's 422 message for one value, worded for the person: "The values.0.data field must be
// between 0 and 100." -> "Progress must be between 0 and 100."
import { ApiError } from "../../api/client.js";

export function valueError(err, attribute) {
  if (!(err instanceof ApiError)) return String(err && err.message ? err.message : err);
  const raw = err.fieldMessage("values");
  return raw.replace(/^The values\.\d+\.[a-z_]+ field /, `${attribute.name} `);
}
