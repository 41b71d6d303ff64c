// Time tracking in the item panel: for each time_tracking attribute, the item's total and a
// Start/Stop button for the signed-in person's entry. The running entry shows its elapsed time;
// stopping it ends the entry and the panel reads the item again for the new total.
import { html, useEffect, useState } from "../lib/html.js";
import { valueOf } from "../board/store.js";
import { clock, getEntry, rememberEntry, rememberedEntry, startEntry, stopEntry } from "./timeTrackingApi.js";

export function TimeTracking({ store, item, attributes, onStale }) {
  const tracked = attributes.filter((a) => a.type === "time_tracking");
  if (tracked.length === 0) return null;
  return html`<section class="item-section item-time" aria-labelledby="item-time-title">
    <h3 id="item-time-title">Time tracking</h3>
    ${tracked.map(
      (attribute) => html`<${Timer} key=${attribute.id} store=${store} item=${item} attribute=${attribute}
        onStale=${onStale} />`,
    )}
  </section>`;
}

function Timer({ store, item, attribute, onStale }) {
  const [running, setRunning] = useState(() => rememberedEntry(item.id, attribute.id));
  const [now, setNow] = useState(Date.now());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);

  // A remembered entry may have been ended or deleted elsewhere: ask the API once.
  useEffect(() => {
    const remembered = rememberedEntry(item.id, attribute.id);
    if (!remembered) return;
    getEntry(store.base, remembered.id)
      .then((entry) => {
        if (entry.ended_at) forget();
      })
      .catch((err) => err.status === 404 && forget());
  }, [store, item.id, attribute.id]);

  useEffect(() => {
    if (!running) return undefined;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [running]);

  function forget() {
    rememberEntry(item.id, attribute.id, null);
    setRunning(null);
  }

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const entry = await startEntry(store.base, item.id, attribute.id);
      rememberEntry(item.id, attribute.id, entry);
      setRunning({ id: entry.id, started_at: entry.started_at });
      setNow(Date.now());
    } catch (err) {
      setError(
        err.status === 409
          ? "A timer of yours is already running on this item (started in another window or app). Stop it there first."
          : err.message,
      );
    } finally {
      setBusy(false);
    }
  };
  const stop = async () => {
    setBusy(true);
    setError(null);
    try {
      await stopEntry(store.base, running);
      forget();
      await onStale();
    } catch (err) {
      if (err.status === 404) forget();
      setError(err.status === 404 ? "This timer no longer exists (it was deleted)." : err.message);
    } finally {
      setBusy(false);
    }
  };

  const total = valueOf(item, attribute.id);
  const elapsed = running ? (now - Date.parse(running.started_at)) / 1000 : 0;
  const labelId = `timer-${attribute.id}`;
  return html`<div class="timer" role="group" aria-labelledby=${labelId}>
    <span id=${labelId} class="timer-name">${attribute.name}</span>
    <span class="timer-total">Total <output aria-label=${`${attribute.name} total`}>${clock(total)}</output></span>
    ${running &&
    html`<span class="timer-running">Running <output aria-live="off" aria-label=${`${attribute.name} elapsed`}>${clock(elapsed)}</output></span>`}
    ${running
      ? html`<button type="button" class="primary" onClick=${stop} disabled=${busy}
          aria-label=${`Stop timer on ${attribute.name}`}>Stop</button>`
      : html`<button type="button" class="primary" onClick=${start} disabled=${busy}
          aria-label=${`Start timer on ${attribute.name}`}>Start</button>`}
    ${error && html`<p class="field-error" role="alert">${error}</p>`}
  </div>`;
}
