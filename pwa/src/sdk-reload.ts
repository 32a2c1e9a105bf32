/**
 * `@stripe/terminal-js` keeps its first load promise, a rejected one included: a kiosk whose first load failed (no
 * internet, Stripe's CDN unreachable) never loads the SDK again until the page reloads. So the kiosk reloads itself,
 * on purpose: once the network is back and no payment is under way, with growing pauses between reloads so that an
 * outage at Stripe does not reload the kiosk in a loop.
 */

type Memory = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface SdkReloaderOptions {
  reload: () => void;
  /** Survives the reload (sessionStorage), so the pause grows across reloads. */
  memory: Memory;
  now?: () => number;
}

const KEY = 'kiosk.sdkReloads';

/** The pause before the next reload after `reloads` reloads that did not help: none, 30 s, 1 min, 2 min, ... up to 15 min. */
export const reloadPause = (reloads: number): number => (reloads === 0 ? 0 : Math.min(30_000 * 2 ** (reloads - 1), 15 * 60_000));

export interface SdkReloader {
  /** The SDK could not be loaded in this page. */
  loadFailed(): void;
  /** The SDK loaded: reloads that led here worked, forget them. */
  loaded(): void;
  /** Milliseconds until a reload is allowed, or null when the SDK did not fail. */
  dueIn(): number | null;
  /** Reloads now if the SDK failed and the pause is over; call it only when no payment is under way. */
  reloadIfDue(): boolean;
}

export function createSdkReloader({ reload, memory, now = Date.now }: SdkReloaderOptions): SdkReloader {
  let failed = false;
  const history = (): { reloads: number; at: number } => {
    try {
      return JSON.parse(memory.getItem(KEY) ?? '') as { reloads: number; at: number };
    } catch {
      return { reloads: 0, at: 0 };
    }
  };
  const dueIn = (): number | null => {
    if (!failed) return null;
    const { reloads, at } = history();
    return Math.max(0, at + reloadPause(reloads) - now());
  };
  return {
    loadFailed: () => {
      failed = true;
    },
    loaded: () => {
      failed = false;
      memory.removeItem(KEY);
    },
    dueIn,
    reloadIfDue: () => {
      if (dueIn() !== 0) return false;
      memory.setItem(KEY, JSON.stringify({ reloads: history().reloads + 1, at: now() }));
      reload();
      return true;
    },
  };
}
