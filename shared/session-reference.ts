/**
 * The short reference a kiosk shows a customer whose payment needs staff: the last 6 hex digits of the session id, in
 * capitals. Operators find the session with it (`GET /api/admin/sessions?reference=3F9A1C`).
 */
export const sessionReference = (sessionId: string): string => sessionId.slice(-6).toUpperCase();
