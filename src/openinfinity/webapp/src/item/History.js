// The item's history in the panel: who changed what and when, newest first, worded for a person.
// Values are drawn with their type's Display (labels by name, members by name, durations…).
// It reloads when the item changes (a save here or a change-feed event); "Show older changes"
// follows the `after` cursor; a select keeps one attribute's changes.
import { html, useEffect, useRef, useState } from "../lib/html.js";
import { valueType } from "../values/registry.js";
import { useSession } from "../shell/session.js";
import { listHistory } from "./historyApi.js";
import { clock } from "./timeTrackingApi.js";
import { actorName, actorVia, itemChangeWords } from "./historyWords.js";

/** Changes whenever anything of the item a history entry could describe changes. */
function itemVersion(item) {
  return JSON.stringify([item.updated_at, item.folder_id, item.parent_id, item.values]);
}

export function History({ store, item, attributes, members, folders }) {
  const [attributeId, setAttributeId] = useState("");
  const [entries, setEntries] = useState(null);
  const [cursor, setCursor] = useState(null);
  const [error, setError] = useState(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const request = useRef(0);
  const version = itemVersion(item);

  const reload = async () => {
    const mine = ++request.current;
    setError(null);
    try {
      const page = await listHistory(store.base, item.id, { attributeId });
      if (mine !== request.current) return; // a newer reload (or filter) won
      setEntries(page.data);
      setCursor(page.has_more ? page.after : null);
    } catch (err) {
      if (mine === request.current) setError(err.message);
    }
  };
  // The API records the change in the same transaction as the write, so a reload after the item
  // changed (here or live) always finds its entry.
  useEffect(() => {
    reload();
  }, [store, item.id, attributeId, version]);

  const more = async () => {
    setLoadingMore(true);
    try {
      const page = await listHistory(store.base, item.id, { attributeId, after: cursor });
      setEntries((rows) => [...rows, ...page.data.filter((e) => !rows.some((r) => r.id === e.id))]);
      setCursor(page.has_more ? page.after : null);
    } catch (err) {
      setError(err.message);
    } finally {
      setLoadingMore(false);
    }
  };

  const byId = new Map(attributes.map((a) => [a.id, a]));
  return html`<section class="item-section item-history" aria-labelledby="item-history-title">
    <div class="item-section-header">
      <h3 id="item-history-title">History</h3>
      <label class="history-filter">
        <span class="visually-hidden">Show changes of</span>
        <select aria-label="Show changes of" value=${attributeId}
          onChange=${(event) => setAttributeId(event.currentTarget.value)}>
          <option value="">All changes</option>
          ${attributes.map((a) => html`<option key=${a.id} value=${a.id}>${a.name}</option>`)}
        </select>
      </label>
      <button type="button" class="link-button" onClick=${reload}>Refresh history</button>
    </div>
    ${error && html`<p class="field-error" role="alert">${error}</p>`}
    ${!entries && !error && html`<p class="muted" aria-busy="true">Loading history…</p>`}
    ${entries &&
    html`<ol class="history-list" aria-label="History">
      ${entries.map(
        (entry) => html`<li key=${entry.id}>
          <${HistoryEntry} entry=${entry} attribute=${byId.get(entry.attribute_id)} item=${item}
            store=${store} members=${members} folders=${folders} />
        </li>`,
      )}
      ${entries.length === 0 && html`<li class="muted">No changes recorded.</li>`}
    </ol>`}
    ${cursor &&
    html`<button type="button" onClick=${more} disabled=${loadingMore} aria-busy=${loadingMore}>
      Show older changes
    </button>`}
  </section>`;
}

/** No value to show: null, an empty text or an empty list (no labels, members, files…). */
function isEmpty(data) {
  return data === null || data === undefined || data === "" || (Array.isArray(data) && data.length === 0);
}

function HistoryEntry({ entry, attribute, item, store, members, folders }) {
  const session = useSession();
  const when = new Date(entry.created_at);
  const via = actorVia(entry.actor);
  const value = (data) => {
    if (isEmpty(data)) return html`<em class="muted">empty</em>`;
    // A tracked total reads to the second here (the type's Display rounds to minutes).
    if (attribute && attribute.type === "time_tracking") return html`<span class="history-value">${clock(data)}</span>`;
    const Display = attribute ? valueType(attribute.type).Display : null;
    const shown = Display
      ? html`<${Display} attribute=${attribute} value=${data} item=${item} store=${store} session=${session} />`
      : null;
    return html`<span class="history-value">${shown || JSON.stringify(data)}</span>`;
  };
  const name = attribute ? attribute.name : "a deleted column";
  // A value emptied is a clearing, one set from empty a first value, whatever the action says.
  const cleared = entry.action === "value.deleted" || (entry.action === "value.updated" && isEmpty(entry.new));
  const set = entry.action === "value.created" || (entry.action === "value.updated" && isEmpty(entry.old));
  let what;
  if (cleared) what = html`cleared <strong>${name}</strong> (was ${value(entry.old)})`;
  else if (set) what = html`set <strong>${name}</strong> to ${value(entry.new)}`;
  else if (entry.action === "value.updated")
    what = html`changed <strong>${name}</strong> from ${value(entry.old)} <span aria-label="to">→</span> ${value(entry.new)}`;
  else what = itemChangeWords(entry, folders);
  return html`<article class="history-entry" data-testid="history-entry">
    <strong class="history-who">${actorName(entry.actor, members)}</strong>${via && html` <span class="muted">${via}</span>`}
    ${" "}<span class="history-what">${what}</span>
    <time class="muted history-when" datetime=${entry.created_at}>${when.toLocaleString()}</time>
  </article>`;
}
