// The app frame: loads the profile and workspaces, then renders the header and the screen of the route.
import { html, useCallback, useEffect, useState } from "../lib/html.js";
import { api, ApiError } from "../api/client.js";
import { navigate, useRoute } from "../router.js";
import { SessionContext } from "./session.js";
import { Header } from "./Header.js";
import { SCREENS } from "./screens.js";

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

  useEffect(() => {
    if (session && route.name === "home" && session.workspaces.length) {
      navigate(`/w/${session.workspaces[0].id}`, { replace: true });
    }
  }, [session, route.name]);

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
