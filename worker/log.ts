/**
 * Structured logs: one JSON object per line, which Workers Logs indexes by field. Every line names what happened
 * (`event`) and the kiosk and session it concerns; never a token, secret, client secret or card number.
 */
type Fields = Record<string, string | number | boolean | null | undefined>;

const line = (level: 'info' | 'warn' | 'error', event: string, fields: Fields) =>
  JSON.stringify({ level, event, ...fields });

export const log = {
  info: (event: string, fields: Fields = {}) => console.log(line('info', event, fields)),
  warn: (event: string, fields: Fields = {}) => console.warn(line('warn', event, fields)),
  error: (event: string, fields: Fields = {}) => console.error(line('error', event, fields)),
};
