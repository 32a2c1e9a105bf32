/**
 * Durable Object namespaces that note what the worker does with them, for the tests that assert which objects a
 * request reaches (none shared by the fleet, a bounded number per migration step): the worker only ever sees its
 * bindings, so the bindings are where to watch it. Typed by shape rather than by workerd's types, so that this file
 * stays free of any one runtime's declarations.
 */

/** The part of a Durable Object namespace the worker uses to reach an object. */
interface Namespace {
  getByName(name: string): object;
  idFromName(name: string): { toString(): string };
  get(id: { toString(): string }): object;
}

export interface RecordingNamespaces<Bindings> {
  /** In place of the real namespaces (e.g. `fetchWith(recording.bindings, ...)`). */
  bindings: Bindings;
  /** Each object the worker addressed, in order, as `NAMESPACE:name` (by name) or `NAMESPACE:id:<hex>` (by id). */
  addressed: string[];
  /** Each method the worker called on an object, in order, as `NAMESPACE:name.method` (or `NAMESPACE:id:<hex>.method`). */
  calls: string[];
}

/**
 * Wraps the named namespaces of `env`. `redirect` sends every name of a namespace to one object of the test's own
 * (a private registry, so that tests never share one), while the logs keep the name the worker asked for.
 */
export function recordingNamespaces<Env, Name extends keyof Env & string>(
  env: Env & Record<Name, Namespace>,
  names: readonly Name[],
  { redirect = {} }: { redirect?: Partial<Record<Name, string>> } = {},
): RecordingNamespaces<Pick<Env, Name>> {
  const addressed: string[] = [];
  const calls: string[] = [];
  const bindings = {} as Pick<Env, Name>;
  for (const namespace of names) {
    const real: Namespace = env[namespace];
    const objectName = (name: string) => redirect[namespace] ?? name;
    const recorded = (label: string, stub: object) => {
      addressed.push(`${namespace}:${label}`);
      return recordingCalls(stub, (method) => calls.push(`${namespace}:${label}.${method}`));
    };
    const recording: Namespace = {
      getByName: (name) => recorded(name, real.getByName(objectName(name))),
      idFromName: (name) => {
        addressed.push(`${namespace}:${name}`);
        return real.idFromName(objectName(name));
      },
      get: (id) => recorded(`id:${id.toString()}`, real.get(id)),
    };
    bindings[namespace] = recording as Env[Name];
  }
  return { bindings, addressed, calls };
}

/** The stub, noting each method called on it (not `then`: awaiting a stub is no call). */
function recordingCalls(stub: object, note: (method: string) => void): object {
  return new Proxy(stub, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof property !== 'string' || property === 'then' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        note(property);
        return Reflect.apply(value, target, args);
      };
    },
  });
}
