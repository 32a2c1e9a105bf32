import type { Resource } from 'solid-js';

/** A resource's value if it has one, never its error (reading an errored resource throws). */
export const valueOf = <T>(resource: Resource<T>): T | undefined => (resource.error ? undefined : resource.latest);
