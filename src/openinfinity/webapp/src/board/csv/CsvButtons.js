// Export and Import of a board's items as CSV (a spreadsheet file). Export is a plain download of
// `…/items.csv` (the open view's items when a view is open; the session cookie authenticates it).
// Import opens a dialog: pick a file, see what a dry run says, then confirm.
import { html, useState } from "../../lib/html.js";
import { apiUrl } from "../../api/client.js";
import { useBoardState } from "../store.js";
import { ImportDialog } from "./ImportDialog.js";

export function CsvButtons({ store }) {
  const state = useBoardState(store);
  const [importing, setImporting] = useState(false);
  const viewId = state.query?.viewId || null;
  const href = apiUrl(`${store.base}/items.csv`, viewId ? { view: viewId } : {});
  return html`<div class="csv-buttons">
    <a class="button" href=${href} download
      title=${viewId ? "Download the items of this view as a CSV file" : "Download the board's items as a CSV file"}>
      Export</a>
    <button type="button" onClick=${() => setImporting(true)}>Import</button>
    ${importing && html`<${ImportDialog} store=${store} onClose=${() => setImporting(false)} />`}
  </div>`;
}
