import { Hono } from 'hono';
import { listPage } from '../http/list-params.ts';
import { allowOnly, optionalBoolean, optionalString, optionalStringArray } from '../http/params.ts';
import { invalidParam, invalidParams, resourceMissing } from '../http/stripe-error.ts';
import { LIST_PARAMS, sendList, sendObject, type SimEnv } from '../http/wire.ts';

/** The SDK's EventListParams.types: "An array of up to 20 strings". */
const MAX_TYPES = 20;

export const eventRoutes = new Hono<SimEnv>()
  .get('/', (c) => {
    const params = c.env.params;
    allowOnly(params, [...LIST_PARAMS, 'type', 'types', 'delivery_success']);
    const type = optionalString(params, 'type');
    const types = optionalStringArray(params, 'types');
    // "You may pass either `type` or `types`, but not both."
    if (type !== undefined && types !== undefined) {
      throw invalidParams('parameters_exclusive', 'You may only specify one of these parameters: type, types.', 'types');
    }
    if (types && types.length > MAX_TYPES) throw invalidParam('types', `Invalid array: types must have at most ${MAX_TYPES} elements`);
    const delivered = optionalBoolean(params, 'delivery_success');
    const sim = c.env.sim;
    // `type` accepts a trailing wildcard, e.g. `payment_intent.*`.
    const matchesType = (t: string) =>
      (!type || (type.endsWith('*') ? t.startsWith(type.slice(0, -1)) : t === type)) && (!types || types.includes(t));
    // delivery_success: true for events every target has received; false for those still pending somewhere.
    const matchesDelivery = (id: string) => delivered === undefined || (sim.findEvent(id)!.pending_webhooks === 0) === delivered;
    const page = listPage(c, 'event', '/v1/events', (event) => matchesType(String(event.type)) && matchesDelivery(event.id));
    return sendList(c, { ...page, data: page.data.map((event) => sim.findEvent(event.id)!) });
  })
  .get('/:id', (c) => {
    allowOnly(c.env.params, []);
    const event = c.env.sim.findEvent(c.req.param('id'));
    if (!event) throw resourceMissing('id', 'event', c.req.param('id'));
    return sendObject(c, event);
  });
