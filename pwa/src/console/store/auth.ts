import { createSignal } from 'solid-js';
import type { AdminIdentity } from '../../../../shared/api.ts';
import * as api from '../api.ts';

/** Who the console is signed in as: asked once at start, then known from sign-in, sign-out and any 401. */
export function createAuth() {
  /** undefined while asking; null when signed out. */
  const [identity, setIdentity] = createSignal<AdminIdentity | null | undefined>(undefined);
  /** The sign-in ended while the operator was working (expired, or signed out elsewhere). */
  const [ended, setEnded] = createSignal(false);
  const [unreachable, setUnreachable] = createSignal(false);

  api.whenSignedOut(() => {
    if (identity()) setEnded(true);
    setIdentity(null);
  });

  async function check() {
    setUnreachable(false);
    try {
      setIdentity(await api.me());
    } catch (err) {
      if (err instanceof api.ApiError && err.status === 401) setIdentity(null);
      else setUnreachable(true);
    }
  }

  async function signIn(token: string) {
    const signedIn = await api.login(token);
    setEnded(false);
    setIdentity(signedIn);
  }

  async function signOut() {
    await api.logout();
    setEnded(false);
    setIdentity(null);
  }

  return { identity, ended, unreachable, check, signIn, signOut };
}
