/** Stands in for Hono's cookie serializer in the apps' RPC client (see pwa/vite.config.ts): neither app sends cookies through it. */
export function serialize(name: string): never {
  throw new Error(`This API client does not send cookies (${name}): the browser does`);
}
