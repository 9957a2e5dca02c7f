import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { storage, Store } from 'nestjs-pino/storage';
import { JsonLogger } from './logger';

describe('JsonLogger (pino)', () => {
  it('puts the active trace and the request id on every line, and redacts as before', () => {
    const lines: string[] = [];
    const log = new JsonLogger('test', 'info', (l) => lines.push(l));
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const span = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED });
    const request = log.pino.child({ requestId: 'req-1' });
    context.with(trace.setSpan(context.active(), span), () =>
      storage.run(new Store(request), () => log.child('ctx').info('handled', { applicationId: 'a-1', motherNik: '3273014506900001' })),
    );
    log.child('ctx').info('outside');
    context.disable();
    const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside).toMatchObject({ level: 'info', service: 'test', context: 'ctx', msg: 'handled', traceId: '0af7651916cd43dd8448eb211c80319c', requestId: 'req-1', applicationId: 'a-1', motherNik: '[redacted]' });
    expect(typeof inside.time).toBe('string');
    expect(outside.traceId).toBeUndefined();
    expect(outside.requestId).toBeUndefined();
    expect(lines.join('\n')).not.toContain('3273014506900001');
  });
});
