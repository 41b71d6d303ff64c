// A small history-API router: useRoute() gives {name, params, query}; navigate() and <Link> change the
// URL without a reload. Routes: / , /w/:ws , /w/:ws/members , /w/:ws/audit , /w/:ws/b/:board , /w/:ws/b/:board/v/:view.
import { html, useEffect, useState } from "./lib/html.js";

const ROUTES = [
  ["home", /^\/$/],
  ["boards", /^\/w\/(?<ws>[^/]+)\/?$/],
  ["members", /^\/w\/(?<ws>[^/]+)\/members\/?$/],
  ["audit", /^\/w\/(?<ws>[^/]+)\/audit\/?$/],
  ["view", /^\/w\/(?<ws>[^/]+)\/b\/(?<board>[^/]+)\/v\/(?<view>[^/]+)\/?$/],
  ["board", /^\/w\/(?<ws>[^/]+)\/b\/(?<board>[^/]+)\/?$/],
];

export function matchRoute(pathname, search) {
  const query = Object.fromEntries(new URLSearchParams(search || ""));
  for (const [name, pattern] of ROUTES) {
    const match = pattern.exec(pathname);
    if (match) {
      const params = {};
      for (const [k, v] of Object.entries(match.groups || {})) params[k] = decodeURIComponent(v);
      return { name, params, query, path: pathname };
    }
  }
  return { name: "notfound", params: {}, query, path: pathname };
}

const listeners = new Set();
function currentRoute() {
  return matchRoute(window.location.pathname, window.location.search);
}
function notify() {
  const route = currentRoute();
  listeners.forEach((fn) => fn(route));
}
window.addEventListener("popstate", notify);

/** Goes to `to` ("/w/1/b/x?item=y") without a reload; `replace` keeps the history entry. */
export function navigate(to, { replace = false } = {}) {
  const here = window.location.pathname + window.location.search;
  if (to === here) return;
  if (replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  notify();
}

/** Sets or removes query parameters of the current URL (e.g. {item: id} or {item: null}). */
export function setQuery(changes, options) {
  const params = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === "") params.delete(k);
    else params.set(k, v);
  }
  const search = params.toString();
  navigate(window.location.pathname + (search ? "?" + search : ""), options);
}

export function useRoute() {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    listeners.add(setRoute);
    return () => listeners.delete(setRoute);
  }, []);
  return route;
}

function isPlainClick(event) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/** An <a> that navigates in place (a modified click still opens a new tab). */
export function Link({ href, children, ...rest }) {
  const onClick = (event) => {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    navigate(href);
  };
  return html`<a href=${href} onClick=${onClick} ...${rest}>${children}</a>`;
}
