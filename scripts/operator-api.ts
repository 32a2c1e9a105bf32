/**
 * What an operator does through the admin API to set up a kiosk, for the end-to-end tests and the benchmark (which
 * must not import each other): provision it, then register its reader (a simulated WisePOS E) and bind it.
 */

/** The development admin token of simulated mode. */
export const DEV_ADMIN_TOKEN = 'dev-admin-token';

export interface ProvisionedKiosk {
  kioskId: string;
  token: string;
  kiosk: { locationId: string; currency: string; readerMode: string; readerId: string | null };
}

async function admin(baseUrl: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${baseUrl}/api/admin${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${DEV_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export async function provisionKioskWithReader(
  baseUrl: string,
  settings: Record<string, unknown> = {},
  options: { reader?: boolean } = {},
): Promise<ProvisionedKiosk> {
  const res = await admin(baseUrl, '/kiosks', { name: 'Kiosk', ...settings });
  if (res.status !== 201) throw new Error(`provisioning failed: ${res.status} ${await res.text()}`);
  const provisioned = (await res.json()) as ProvisionedKiosk;
  if (options.reader === false) return provisioned;
  const reader = await admin(baseUrl, `/kiosks/${provisioned.kioskId}/readers`, { registrationCode: 'simulated-wpe' });
  if (reader.status !== 201) throw new Error(`reader registration failed: ${reader.status} ${await reader.text()}`);
  const { reader: registered } = (await reader.json()) as { reader: { id: string } };
  return { ...provisioned, kiosk: { ...provisioned.kiosk, readerId: registered.id } };
}
