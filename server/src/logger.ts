import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths pino blanks out wherever they appear, so secrets never reach a log line. */
const redact = [
  'password',
  '*.password',
  'token',
  '*.token',
  'ticket',
  '*.ticket',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'databaseUrl',
  'smtpUrl',
  'realtimeSecret',
  'livekit.apiSecret',
  'iceServers',
];

export function createLogger(level: string, name = 'crosswalk'): Logger {
  return pino({ name, level, redact: { paths: redact, censor: '[redacted]' } });
}
