// updated_at: when the item last changed (computed by the API, read-only).
import { ReadOnlyDate } from "./created_at.js";

export const updated_at = { Display: ReadOnlyDate, Editor: null, editable: false };
