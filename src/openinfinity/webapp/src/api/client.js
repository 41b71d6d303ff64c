// The web app's only data path: /api/v2 with the signed-in session cookie.
// Unsafe methods carry the CSRF token from <meta name="csrf-token">; a 401 sends the person to sign in.

const BASE = "/api/v2";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** An error answer of the API: `{message, code}`, plus `errors`/`invalidFields` on 422. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `Request failed (${status})`);
    this.name = "ApiError";
    this.status = status;
    this.code = (body && body.code) || null;
    this.errors = (body && body.errors) || {};
    this.invalidFields = (body && body.invalidFields) || [];
  }

  /** The first message about one field (e.g. "values.0.data"), else the overall message. */
  fieldMessage(prefix) {
    for (const [field, messages] of Object.entries(this.errors)) {
      if (!prefix || field === prefix || field.startsWith(prefix + ".")) {
        return Array.isArray(messages) ? messages[0] : String(messages);
      }
    }
    return this.message;
  }
}

export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute("content") : "";
}

/** Builds "/api/v2/<path>?a=1&b=2"; array values repeat the key (expand[]=values). */
export function apiUrl(path, params) {
  const url = new URL(BASE + path, window.location.origin);
  for (const [key, value] of Object.entries(params || {})) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) value.forEach((v) => url.searchParams.append(key, v));
    else url.searchParams.set(key, String(value));
  }
  return url.pathname + url.search;
}

function signInAgain() {
  const next = window.location.pathname + window.location.search;
  window.location.assign("/signin?next=" + encodeURIComponent(next));
}

async function request(method, path, { params, body, headers, signal } = {}) {
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json", ...headers }, signal };
  if (UNSAFE.has(method)) init.headers["X-CSRF-Token"] = csrfToken();
  if (body instanceof FormData) {
    init.body = body; // the browser sets the multipart boundary
  } else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(apiUrl(path, params), init);
  if (response.status === 401) {
    signInAgain();
    throw new ApiError(401, { message: "Signed out.", code: "auth/unauthenticated" });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { message: text };
    }
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const api = {
  get: (path, params, options) => request("GET", path, { params, ...options }), // options: {signal}
  post: (path, body, params) => request("POST", path, { body, params }),
  put: (path, body, params) => request("PUT", path, { body, params }),
  patch: (path, body, params) => request("PATCH", path, { body, params }),
  del: (path, params) => request("DELETE", path, { params }),
  upload: (path, formData, params) => request("POST", path, { body: formData, params }),
  paginate,
  pages,
  all,
};

/** Yields every page ({data, has_more, after, ...}) following `after` cursors (keyset, no offsets). */
export async function* pages(path, params = {}) {
  let after = params.after;
  for (;;) {
    const page = await api.get(path, { limit: 100, ...params, after });
    yield page;
    if (!page.has_more || !page.after || page.data.length === 0) return;
    after = page.after;
  }
}

/** Yields every row of a list, page by page. */
export async function* paginate(path, params = {}) {
  for await (const page of pages(path, params)) yield* page.data;
}

/** Every row of a (short) list, e.g. a board's attributes or a workspace's members. */
export async function all(path, params = {}) {
  const rows = [];
  for await (const row of paginate(path, params)) rows.push(row);
  return rows;
}

export const upload = api.upload;
