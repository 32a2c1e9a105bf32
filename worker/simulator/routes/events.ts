import { Hono } from 'hono';
import { listPage } from '../http/list-params.ts';
import { allowOnly, optionalString, optionalStringArray } from '../http/params.ts';
import { resourceMissing } from '../http/stripe-error.ts';
import { LIST_PARAMS, sendList, sendObject, type SimEnv } from '../http/wire.ts';

export const eventRoutes = new Hono<SimEnv>()
  .get('/', (c) => {
    const params = c.env.params;
    allowOnly(params, [...LIST_PARAMS, 'type', 'types', 'delivery_success']);
    const type = optionalString(params, 'type');
    const types = optionalStringArray(params, 'types');
    // `type` accepts a trailing wildcard, e.g. `payment_intent.*`.
    const matchesType = (t: string) =>
      (!type || (type.endsWith('*') ? t.startsWith(type.slice(0, -1)) : t === type)) && (!types || types.includes(t));
    return sendList(c, listPage(c, 'event', '/v1/events', (event) => matchesType(String(event.type))));
  })
  .get('/:id', (c) => {
    const event = c.env.sim.store.get('event', c.req.param('id'));
    if (!event) throw resourceMissing('id', 'event', c.req.param('id'));
    return sendObject(c, event);
  });
