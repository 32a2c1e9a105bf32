import { describe, expect, it, vi } from 'vitest';
import { createSdkReloader, reloadPause } from '../../pwa/src/sdk-reload.ts';

/** sessionStorage: it survives the reload, so each new page knows how many reloads came before. */
function tabMemory() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

function page(memory: ReturnType<typeof tabMemory>, clock: { now: number }) {
  const reload = vi.fn();
  return { reload, reloader: createSdkReloader({ reload, memory, now: () => clock.now }) };
}

describe('reloading the kiosk when Stripe’s SDK failed to load', () => {
  it('a kiosk whose SDK loaded never reloads', () => {
    const { reload, reloader } = page(tabMemory(), { now: 0 });
    reloader.loaded();
    expect(reloader.dueIn()).toBeNull();
    expect(reloader.reloadIfDue()).toBe(false);
    expect(reload).not.toHaveBeenCalled();
  });

  it('a failed load is followed by a reload as soon as the kiosk may (network back, no payment under way)', () => {
    const { reload, reloader } = page(tabMemory(), { now: 1_000 });
    reloader.loadFailed();
    expect(reloader.dueIn()).toBe(0);
    expect(reloader.reloadIfDue()).toBe(true);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('a reload that did not help is followed by the next one only after a growing pause, never in a loop', () => {
    const memory = tabMemory();
    const clock = { now: 0 };
    const first = page(memory, clock);
    first.reloader.loadFailed();
    first.reloader.reloadIfDue();

    clock.now = 10_000;
    const second = page(memory, clock);
    second.reloader.loadFailed();
    expect(second.reloader.reloadIfDue()).toBe(false);
    expect(second.reloader.dueIn()).toBe(20_000);
    clock.now = 30_000;
    expect(second.reloader.reloadIfDue()).toBe(true);

    const third = page(memory, clock);
    third.reloader.loadFailed();
    expect(third.reloader.dueIn()).toBe(60_000);
  });

  it('once the SDK loads again, the next failure starts over with an immediate reload', () => {
    const memory = tabMemory();
    const clock = { now: 0 };
    const first = page(memory, clock);
    first.reloader.loadFailed();
    first.reloader.reloadIfDue();
    const second = page(memory, clock);
    second.reloader.loaded();
    second.reloader.loadFailed();
    expect(second.reloader.dueIn()).toBe(0);
  });

  it('pauses grow from 30 s to at most 15 minutes', () => {
    expect([0, 1, 2, 3, 10].map(reloadPause)).toEqual([0, 30_000, 60_000, 120_000, 900_000]);
  });
});
