import type { RealtimeLogger } from '../../src/types.ts';

/** A logger that drops everything; tests that check logging use `createRecordingLogger`. */
export const silentLogger: RealtimeLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

export interface LogRecord {
  level: 'info' | 'warn' | 'error' | 'debug';
  obj: object;
  msg: string | undefined;
}

/** A logger that keeps every record, to assert what was (and was not) logged. */
export function createRecordingLogger(): RealtimeLogger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const record = (level: LogRecord['level']) => (obj: object, msg?: string) => {
    records.push({ level, obj, msg });
  };
  return { records, info: record('info'), warn: record('warn'), error: record('error'), debug: record('debug') };
}
