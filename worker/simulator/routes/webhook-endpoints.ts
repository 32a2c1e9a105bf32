import { Hono } from 'hono';
import { listPage } from '../http/list-params.ts';
import { allowOnly, optionalBoolean, optionalMetadata, optionalString, optionalStringArray, requiredString, type Params } from '../http/params.ts';
import { invalidParam, missingParam, notSimulated, resourceMissing } from '../http/stripe-error.ts';
import { PAGINATION_PARAMS, sendJson, sendList, sendObject, type SimEnv } from '../http/wire.ts';
import { createdMetadata, mergeMetadata } from '../models/metadata.ts';
import { API_VERSIONS, ENABLED_EVENTS } from '../models/webhook-endpoint-enums.ts';
import { SIMULATED_API_VERSION, type SimulatorState } from '../simulator-state.ts';
import { randomId, type StripeObject } from '../stores/object-store.ts';

interface WebhookEndpoint extends StripeObject {
  object: 'webhook_endpoint';
  enabled_events: string[];
  status: 'enabled' | 'disabled';
  url: string;
  /** The signing secret: Stripe shows it once, in the creation response. */
  _secret: string;
}

function findEndpoint(sim: SimulatorState, id: string): WebhookEndpoint {
  const endpoint = sim.store.get<WebhookEndpoint>('webhook_endpoint', id);
  if (!endpoint) throw resourceMissing('webhook_endpoint', 'webhook_endpoint', id);
  return endpoint;
}

function readUrl(params: Params, required: boolean): string | undefined {
  const url = required ? requiredString(params, 'url') : optionalString(params, 'url');
  if (url !== undefined && !URL.canParse(url)) throw invalidParam('url', 'Invalid URL: must be an absolute URL.', 'url_invalid');
  return url;
}

/** Each of Stripe's event types once, or `*`: a misspelt one is refused, not an endpoint that never hears it. */
function readEvents(params: Params, required: boolean): string[] | undefined {
  const events = optionalStringArray(params, 'enabled_events');
  if (required && (!events || events.length === 0)) throw missingParam('enabled_events');
  events?.forEach((event, i) => {
    if (!ENABLED_EVENTS.has(event)) throw invalidParam(`enabled_events[${i}]`, `Invalid enabled_events[${i}]: must be one of ${[...ENABLED_EVENTS].join(', ')}`);
  });
  return events;
}

function readApiVersion(params: Params): string | null {
  const version = optionalString(params, 'api_version');
  if (version === undefined) return null;
  if (!API_VERSIONS.has(version)) throw invalidParam('api_version', `Invalid api_version: must be one of ${[...API_VERSIONS].join(', ')}`);
  // Events are rendered in the one version the simulator speaks: an endpoint pinned to another would be told a lie.
  if (version !== SIMULATED_API_VERSION) {
    throw notSimulated('api_version', `the simulator renders events in ${SIMULATED_API_VERSION} only, not ${version}.`);
  }
  return version;
}

/** A Connect endpoint hears connected accounts' events; the simulated account has none to send it. */
function refuseConnect(params: Params): void {
  if (optionalBoolean(params, 'connect')) {
    throw notSimulated('connect', 'the simulated account has no connected accounts whose events an endpoint could receive.');
  }
}

/** Webhook endpoints: each enabled one receives the events it lists (`*` for all), signed with its own secret. */
export const webhookEndpointRoutes = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = c.env.params;
    allowOnly(params, ['url', 'enabled_events', 'description', 'metadata', 'api_version', 'connect']);
    refuseConnect(params);
    const endpoint: WebhookEndpoint = {
      id: randomId('we'),
      object: 'webhook_endpoint',
      api_version: readApiVersion(params),
      application: null,
      created: c.env.sim.now(),
      description: optionalString(params, 'description') || null,
      enabled_events: readEvents(params, true)!,
      livemode: false,
      metadata: createdMetadata(optionalMetadata(params)),
      status: 'enabled',
      url: readUrl(params, true)!,
      _secret: `whsec_${randomId('x', 32).slice(2)}`,
    };
    c.env.sim.store.put(endpoint);
    return sendObject(c, { ...endpoint, secret: endpoint._secret });
  })
  .get('/', (c) => {
    allowOnly(c.env.params, [...PAGINATION_PARAMS]);
    return sendList(c, listPage(c, 'webhook_endpoint', '/v1/webhook_endpoints'));
  })
  .get('/:id', (c) => {
    allowOnly(c.env.params, []);
    return sendObject(c, findEndpoint(c.env.sim, c.req.param('id')));
  })
  .post('/:id', (c) => {
    const params = c.env.params;
    allowOnly(params, ['url', 'enabled_events', 'description', 'metadata', 'disabled']);
    const endpoint = findEndpoint(c.env.sim, c.req.param('id'));
    const disabled = optionalBoolean(params, 'disabled');
    const description = optionalString(params, 'description');
    const updated: WebhookEndpoint = {
      ...endpoint,
      url: readUrl(params, false) ?? endpoint.url,
      enabled_events: readEvents(params, false) ?? endpoint.enabled_events,
      ...(description !== undefined ? { description: description || null } : {}),
      ...(disabled !== undefined ? { status: disabled ? 'disabled' : 'enabled' } : {}),
      metadata: mergeMetadata(endpoint.metadata as Record<string, string>, optionalMetadata(params)),
    };
    c.env.sim.store.put(updated);
    return sendObject(c, updated);
  })
  .delete('/:id', (c) => {
    allowOnly(c.env.params, []);
    const endpoint = findEndpoint(c.env.sim, c.req.param('id'));
    c.env.sim.store.delete(endpoint.id);
    return sendJson({ id: endpoint.id, object: 'webhook_endpoint', deleted: true });
  });
