import type { Logger } from '@aws-lambda-powertools/logger';
import { LogLevelThreshold } from '@aws-lambda-powertools/logger';

type LogAttributes = Record<string, unknown>;
type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
const METHOD = { DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * A request's logger: every line carries the request's keys (request id, then user and tenant
 * once known). A thin wrapper over the shared logger rather than a Powertools child, which would
 * build a new logger on every request. Keys are merged only when a line is written, and nothing
 * is built for a level the logger does not print: most requests write one line or none.
 */
export class RequestLog {
  private readonly keys: LogAttributes[];

  constructor(
    private readonly base: Logger,
    keys: LogAttributes,
  ) {
    this.keys = [keys];
  }

  /** Adds keys to every later line; undefined values are left out. */
  appendKeys(keys: LogAttributes): void {
    this.keys.push(keys);
  }

  /** Whether a line at this level would be written. */
  enabled(level: Level): boolean {
    return this.base.level <= LogLevelThreshold[level];
  }

  debug(message: string, extra?: LogAttributes): void {
    this.write('DEBUG', message, extra);
  }

  info(message: string, extra?: LogAttributes): void {
    this.write('INFO', message, extra);
  }

  warn(message: string, extra?: LogAttributes): void {
    this.write('WARN', message, extra);
  }

  error(message: string, extra?: LogAttributes): void {
    this.write('ERROR', message, extra);
  }

  private write(level: Level, message: string, extra: LogAttributes = {}): void {
    if (!this.enabled(level)) return;
    const line: LogAttributes = {};
    for (const keys of [...this.keys, extra]) {
      for (const key in keys) if (keys[key] !== undefined) line[key] = keys[key];
    }
    this.base[METHOD[level]](message, line);
  }
}
