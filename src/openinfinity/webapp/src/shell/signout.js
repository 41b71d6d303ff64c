// Sign-out through the API (DELETE /api/v2/profile/session, session cookie + CSRF header like any
// write), then on to the sign-in page.
import { api } from "../api/client.js";

export async function signOut() {
  try {
    await api.del("/profile/session");
  } finally {
    window.location.assign("/signin");
  }
}
