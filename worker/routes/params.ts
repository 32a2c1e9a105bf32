import { z } from 'zod';

/** Path parameters shared by kiosk and operator routes. */
export const sessionParam = z.object({ id: z.string().regex(/^cs_[A-Za-z0-9]{16,64}$/, 'not a session id') });
export const kioskParam = z.object({ id: z.string().regex(/^ki_[a-f0-9]{24}$|^dev-kiosk$/, 'not a kiosk id') });
