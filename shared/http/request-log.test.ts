import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it, vi } from 'vitest';
import { RequestLog } from './request-log';

describe('RequestLog', () => {
  it('writes every line with the request keys, those appended later, and the line’s own', () => {
    const base = new Logger({ serviceName: 'test', logLevel: 'INFO' });
    const info = vi.spyOn(base, 'info').mockImplementation(() => {});
    const log = new RequestLog(base, { requestId: 'r1' });
    log.appendKeys({ userId: 'u1', tenantId: undefined });
    log.appendKeys({ tenantId: 't1' });
    log.info('request', { status: 200 });
    expect(info).toHaveBeenCalledWith('request', {
      requestId: 'r1',
      userId: 'u1',
      tenantId: 't1',
      status: 200,
    });
  });

  it('builds nothing for a level the logger does not print', () => {
    const base = new Logger({ serviceName: 'test', logLevel: 'WARN' });
    const info = vi.spyOn(base, 'info');
    const warn = vi.spyOn(base, 'warn').mockImplementation(() => {});
    const log = new RequestLog(base, { requestId: 'r2' });
    expect([log.enabled('INFO'), log.enabled('WARN')]).toEqual([false, true]);
    log.info('request');
    log.warn('slow', { ms: 900 });
    expect(info).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith('slow', { requestId: 'r2', ms: 900 });
  });
});
