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
  'turn.secret',
  'credential',
  '*.credential',
];

/** A JSON-lines logger with secrets redacted; to standard output unless `destination` is given (tests read it). */
export function createLogger(level: string, name = 'crosswalk', destination?: { write(line: string): void }): Logger {
  const options = { name, level, redact: { paths: redact, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
