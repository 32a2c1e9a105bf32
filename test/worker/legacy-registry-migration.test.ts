import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { LEGACY_MIGRATION_BATCH } from '../../worker/routes/admin/migrations.ts';
import { recordingNamespaces } from '../support/recording-namespaces.ts';
import { fetchWith } from './deployment.ts';
import { ADMIN_TOKEN, createSession, provisionKiosk, randomClientIp } from './kiosk-client.ts';

/**
 * A deployment from before the fleet, with its own registry (so tests never share one), whose namespaces note every
 * call the worker makes on an object, as `NAMESPACE:name.method`, in `calls` (emptied by the test between requests).
 */
function oldDeployment() {
  const registryName = `fleet-${crypto.randomUUID()}`;
  const objects = recordingNamespaces(env, ['KIOSK', 'CHECKOUT_SESSION', 'KIOSK_REGISTRY', 'STORE_FLEET'], {
    redirect: { KIOSK_REGISTRY: registryName },
  });
  const request = async (path: string, token: string, method = 'GET') => {
    const headers = { Authorization: `Bearer ${token}`, 'CF-Connecting-IP': randomClientIp() };
    const res = await fetchWith(objects.bindings, path, { method, headers });
    return { status: res.status, body: await res.json<any>() };
  };
  return { registry: env.KIOSK_REGISTRY.getByName(registryName), calls: objects.calls, request };
}

async function legacyToken(secret: string) {
  const token = `kt_${secret}`;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return { token, tokenHash: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('') };
}

const randomHex = (length: number) => [...crypto.getRandomValues(new Uint8Array(length / 2))].map((b) => b.toString(16).padStart(2, '0')).join('');

describe('upgrading a deployment from before the fleet (POST /api/admin/migrations/legacy-registry)', () => {
  it('a registry bigger than one request can carry is migrated in bounded steps, each kiosk and session once, kiosks working throughout', async () => {
    const old = oldDeployment();
    const current = await provisionKiosk('Kiosk of today');
    const kiosks = await Promise.all(
      Array.from({ length: LEGACY_MIGRATION_BATCH + 2 }, async (_, i) => ({ id: `ki_${randomHex(24)}`, createdAt: i + 1, ...(await legacyToken(randomHex(44).slice(0, 43))) })),
    );
    const sessionIds = [];
    for (let i = 0; i < 4; i++) sessionIds.push((await createSession(current.token)).body.sessionId as string);
    for (const [i, kiosk] of kiosks.entries()) {
      const legacy = { id: kiosk.id, name: `Old kiosk ${i}`, locationId: current.kiosk.locationId, currency: 'usd', language: 'en' as const, disabled: false, createdAt: kiosk.createdAt, tokenRotatedAt: kiosk.createdAt, tokenHash: kiosk.tokenHash };
      await old.registry.recordLegacy(legacy, i < sessionIds.length ? [sessionIds[i]!] : []);
    }
    const [oldest, newest] = [kiosks[0]!, kiosks.at(-1)!];
    const works = async (token: string) => (await old.request('/api/kiosk', token)).status;

    const answers = [];
    const callsOf: string[][] = [];
    while (answers.length < 10) {
      old.calls.length = 0;
      const res = await old.request('/api/admin/migrations/legacy-registry', ADMIN_TOKEN, 'POST');
      expect(res.status).toBe(200);
      answers.push(res.body);
      callsOf.push([...old.calls]);
      // Every tablet keeps working between two steps, adopted already or not.
      expect(await works(oldest.token)).toBe(200);
      expect(await works(newest.token)).toBe(200);
      if (res.body.done) break;
    }

    const steps = answers.length;
    expect(steps).toBeGreaterThan(1);
    for (const [i, calls] of callsOf.entries()) {
      // The batch and the registry read and written once each: nothing more, however big the registry.
      const onKiosksAndSessions = calls.filter((c) => !c.startsWith('KIOSK_REGISTRY:'));
      expect(onKiosksAndSessions.length, `step ${i + 1}`).toBeLessThanOrEqual(LEGACY_MIGRATION_BATCH);
      expect(calls.length, `step ${i + 1}`).toBeLessThanOrEqual(LEGACY_MIGRATION_BATCH + 2);
      expect(answers[i].done, `step ${i + 1}`).toBe(i === steps - 1);
    }
    const allCalls = callsOf.flat();
    for (const kiosk of kiosks) expect(allCalls.filter((c) => c === `KIOSK:${kiosk.id}.adoptLegacy`), kiosk.id).toHaveLength(1);
    for (const sessionId of sessionIds) {
      expect(allCalls.filter((c) => c === `CHECKOUT_SESSION:${sessionId}.republishToLedger`), sessionId).toHaveLength(1);
    }
    // How far it got, step by step: totals only ever grow, and the last step has everything.
    const adopted = answers.map((a) => a.kiosks);
    expect(adopted).toEqual([...adopted].sort((a, b) => a - b));
    expect(answers.at(-1)).toEqual({ kiosks: kiosks.length, sessions: sessionIds.length, done: true, remaining: { kiosks: 0, sessions: 0 } });
    expect(answers[0]).toMatchObject({ done: false });
    expect(answers[0].remaining.kiosks + answers[0].remaining.sessions).toBe(kiosks.length + sessionIds.length - LEGACY_MIGRATION_BATCH);

    // Running it again touches no kiosk and no session, and says the same.
    old.calls.length = 0;
    const again = await old.request('/api/admin/migrations/legacy-registry', ADMIN_TOKEN, 'POST');
    expect(again.body).toEqual(answers.at(-1));
    expect(old.calls.filter((c) => !c.startsWith('KIOSK_REGISTRY:'))).toEqual([]);

    // Every adopted kiosk is in the operators' directory.
    await expect
      .poll(async () => (await old.request(`/api/admin/kiosks?locationId=${current.kiosk.locationId}&limit=1000`, ADMIN_TOKEN)).body.kiosks.map((k: { id: string }) => k.id), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(kiosks.map((k) => k.id)));
  });
});
