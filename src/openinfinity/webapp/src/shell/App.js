// The app frame: loads the profile and workspaces, then renders the header and the screen of the route.
import { html, useCallback, useEffect, useState } from "../lib/html.js";
import { api, ApiError } from "../api/client.js";
import { navigate, useRoute } from "../router.js";
import { SessionContext } from "./session.js";
import { Header } from "./Header.js";
import { SCREENS } from "./screens.js";

const LAST_WORKSPACE = "openinfinity.lastWorkspace";

function rememberWorkspace(ws) {
  try {
    window.localStorage.setItem(LAST_WORKSPACE, String(ws));
  } catch {
    // Storage may be off (private mode): the first workspace is the fallback.
  }
}

function lastWorkspace() {
  try {
    return window.localStorage.getItem(LAST_WORKSPACE);
  } catch {
    return null;
  }
}

export function App() {
  const route = useRoute();
  const [session, setSession] = useState(null);
  const [error, setError] = useState(null);

  const load = useCallback(async () => {
    try {
      const [profile, workspaces] = await Promise.all([api.get("/profile"), api.all("/workspaces")]);
      setSession({ profile, workspaces, reloadWorkspaces: load });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }, []);
  useEffect(() => {
    load();
  }, [load]);

  // `/` opens the workspace used last in this browser, else the first one.
  useEffect(() => {
    if (route.params.ws) rememberWorkspace(route.params.ws);
    if (session && route.name === "home" && session.workspaces.length) {
      const last = lastWorkspace();
      const known = session.workspaces.find((w) => String(w.id) === last);
      navigate(`/w/${(known || session.workspaces[0]).id}`, { replace: true });
    }
  }, [session, route.name, route.params.ws]);

  if (error) return html`<main class="page"><p role="alert" class="error">${error}</p></main>`;
  if (!session) return html`<main class="page"><p class="muted" aria-busy="true">Loading…</p></main>`;

  const Screen = SCREENS[route.name];
  let body;
  if (Screen) body = html`<${Screen} route=${route} />`;
  else if (route.name === "home") body = html`<main class="page"><p>You are not a member of any workspace yet.</p></main>`;
  else body = html`<main class="page"><h1>Not found</h1><p>No page at ${route.path}.</p></main>`;

  return html`<${SessionContext.Provider} value=${session}>
    <div class="app">
      <${Header} route=${route} />
      ${body}
    </div>
  <//>`;
}
