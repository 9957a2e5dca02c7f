import type { PublishBatch } from './message';
import { GroupSender } from './group-sender';

/** A producer whose requests complete when the test says so. */
function controlledProducer() {
  const requests: Array<{ batch: PublishBatch; done: () => void; fail: (err: Error) => void }> = [];
  const producer = {
    sendBatch: (batch: PublishBatch) =>
      new Promise<never[]>((resolve, reject) => requests.push({ batch, done: () => resolve([]), fail: reject })),
  };
  return { producer, requests };
}
const flush = () => new Promise((r) => setImmediate(r));
const values = (batch: PublishBatch) => (batch.topicMessages ?? []).flatMap((t) => t.messages.map((m) => `${t.topic}:${String(m.value)}`));

describe('GroupSender', () => {
  it('sends a lone message at once, and groups the ones handed over while a request is in flight', async () => {
    const { producer, requests } = controlledProducer();
    const sender = new GroupSender(producer);
    const settled: string[] = [];
    const first = sender.send('t', { key: 'a', value: '1' }).then(() => settled.push('1'));
    await flush();
    expect(requests).toHaveLength(1);
    expect(values(requests[0].batch)).toEqual(['t:1']);
    expect(requests[0].batch.acks).toBe(-1);

    const rest = [sender.send('t', { key: 'a', value: '2' }), sender.send('u', { key: 'b', value: '3' }), sender.send('t', { key: 'a', value: '4' })].map((p, i) =>
      p.then(() => settled.push(String(i + 2))),
    );
    await flush();
    expect(requests).toHaveLength(1); // still waiting for the first acknowledgement
    expect(settled).toEqual([]);

    requests[0].done();
    await first;
    await flush();
    expect(requests).toHaveLength(2);
    expect(values(requests[1].batch)).toEqual(['t:2', 't:4', 'u:3']); // per topic, in the order of the calls
    expect(settled).toEqual(['1']);
    requests[1].done();
    await Promise.all(rest);
    expect(settled).toEqual(['1', '2', '3', '4']);
  });

  it('sends messages handed over together in one request, in their order', async () => {
    const { producer, requests } = controlledProducer();
    const sender = new GroupSender(producer);
    let settled = false;
    const all = sender.sendAll('t', [{ key: 'a', value: '1' }, { key: 'a', value: '2' }, { key: 'a', value: '3' }]).then(() => (settled = true));
    await flush();
    expect(requests).toHaveLength(1);
    expect(values(requests[0].batch)).toEqual(['t:1', 't:2', 't:3']);
    expect(settled).toBe(false);
    requests[0].done();
    await all;
    expect(settled).toBe(true);
  });

  it('rejects every message of a failed request, and goes on with the next ones', async () => {
    const { producer, requests } = controlledProducer();
    const sender = new GroupSender(producer);
    const a = sender.send('t', { value: 'a' });
    await flush();
    const b = sender.send('t', { value: 'b' });
    const c = sender.send('t', { value: 'c' });
    requests[0].fail(new Error('broker down'));
    await expect(a).rejects.toThrow('broker down');
    await flush();
    requests[1].fail(new Error('still down'));
    await expect(b).rejects.toThrow('still down');
    await expect(c).rejects.toThrow('still down');
    const d = sender.send('t', { value: 'd' });
    await flush();
    expect(values(requests[2].batch)).toEqual(['t:d']);
    requests[2].done();
    await expect(d).resolves.toBeUndefined();
  });

  it('caps the messages of one request', async () => {
    const { producer, requests } = controlledProducer();
    const sender = new GroupSender(producer, 2);
    const all = ['1', '2', '3', '4', '5'].map((v) => sender.send('t', { value: v }));
    await flush();
    requests[0].done();
    await flush();
    requests[1].done();
    await flush();
    requests[2].done();
    await Promise.all(all);
    expect(requests.map((r) => values(r.batch))).toEqual([['t:1'], ['t:2', 't:3'], ['t:4', 't:5']]);
  });
});
