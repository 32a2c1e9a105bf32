import { z } from 'zod';
import { ApiError } from '../errors.ts';

/** Path parameters shared by kiosk and operator routes. */
export const sessionParam = z.object({ id: z.string().regex(/^cs_[A-Za-z0-9]{16,64}$/, 'not a session id') });
export const kioskParam = z.object({ id: z.string().regex(/^ki_[a-f0-9]{24}$|^dev-kiosk$/, 'not a kiosk id') });

/** For operators' routes: an id that cannot be a session's or a kiosk's is as unknown as one that is not (404). */
export const noSuchSession = { id: () => new ApiError(404, 'session_not_found', 'No such checkout session') };
export const noSuchKiosk = { id: () => new ApiError(404, 'kiosk_not_found', 'No such kiosk') };
