import { Hono } from 'hono';
import { z } from 'zod';
import type { AvailabilityRequest, AvailabilityResponse } from '../../../shared/api.ts';
import type { AppEnv } from '../../app-env.ts';
import { itemExists, setAvailability } from '../../catalog/catalog-store.ts';
import { ApiError } from '../../errors.ts';
import { terminalLocation } from '../../kiosks/terminal-location.ts';
import { valid } from '../../validation.ts';
import { itemId, locationId, noSuchItem } from './catalog-params.ts';

const availabilityParams = z.object({ locationId, id: itemId });
const availabilityBody = z.strictObject({ available: z.boolean() }) satisfies z.ZodType<AvailabilityRequest>;

/** A store (a Terminal Location) and what it has sold out of: its kiosks show those items as sold out. */
export const adminLocationRoutes = new Hono<AppEnv>().put(
  '/:locationId/items/:id/availability',
  valid('param', availabilityParams),
  valid('json', availabilityBody),
  async (c) => {
    const { locationId: location, id } = c.req.valid('param');
    const { available } = c.req.valid('json');
    if (!(await itemExists(c.env.DB, id))) throw noSuchItem(id);
    if (!(await terminalLocation(c.env, location))) {
      throw new ApiError(404, 'location_not_found', `Stripe has no Terminal Location ${location}`);
    }
    await setAvailability(c.env.DB, location, id, available, Date.now());
    return c.json({ locationId: location, itemId: id, available } satisfies AvailabilityResponse, 200);
  },
);
