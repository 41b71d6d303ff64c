// Who is signed in and which workspaces they have: loaded once by <App/>, read with useSession().
import { createContext, useContext } from "../lib/html.js";

export const SessionContext = createContext({ profile: null, workspaces: [], reloadWorkspaces: () => {} });

export function useSession() {
  return useContext(SessionContext);
}
