import type { Logger } from '@aws-lambda-powertools/logger';

type LogAttributes = Record<string, unknown>;

/**
 * A request's logger: every line carries the request's keys (request id, then user and tenant
 * once known). A thin wrapper over the shared logger rather than a Powertools child, which would
 * build a new logger on every request.
 */
export class RequestLog {
  private readonly keys: LogAttributes;

  constructor(
    private readonly base: Logger,
    keys: LogAttributes,
  ) {
    this.keys = { ...keys };
  }

  appendKeys(keys: LogAttributes): void {
    for (const key in keys) if (keys[key] !== undefined) this.keys[key] = keys[key];
  }

  debug(message: string, extra: LogAttributes = {}): void {
    this.base.debug(message, { ...this.keys, ...extra });
  }

  info(message: string, extra: LogAttributes = {}): void {
    this.base.info(message, { ...this.keys, ...extra });
  }

  warn(message: string, extra: LogAttributes = {}): void {
    this.base.warn(message, { ...this.keys, ...extra });
  }

  error(message: string, extra: LogAttributes = {}): void {
    this.base.error(message, { ...this.keys, ...extra });
  }
}
