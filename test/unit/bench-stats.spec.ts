import { inclusiveByPackage } from '../../scripts/bench/profile-summary';
import { atCommonRate, maxSustained, openLoopSchedule, percentile, summariseStep, type StepResult } from '../../scripts/bench/stats';

describe('benchmark statistics', () => {
  it('takes percentiles by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, unordered
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('spaces open-loop arrivals evenly, independent of answers', () => {
    expect(openLoopSchedule(4, 1000)).toEqual([0, 250, 500, 750]);
    expect(openLoopSchedule(3, 2000)).toEqual([0, 333, 667, 1000, 1333, 1667]);
    expect(openLoopSchedule(0.5, 4000)).toEqual([0, 2000]);
  });

  it('calls a step sustained only when everything completed, without errors, under the p95 bound', () => {
    const ok = summariseStep(10, 3, [100, 200, 300], 0, 1000, 1000);
    expect(ok).toMatchObject({ sustained: true, completed: 3, throughput: 3, p50: 200, p95: 300 });
    expect(summariseStep(10, 4, [100, 200, 300], 0, 1000, 1000).sustained).toBe(false); // one never completed
    expect(summariseStep(10, 3, [100, 200, 300], 1, 1000, 1000).sustained).toBe(false); // an error
    expect(summariseStep(10, 3, [100, 200, 3000], 0, 1000, 1000).sustained).toBe(false); // too slow
    expect(maxSustained([ok, { ...ok, rate: 20, sustained: false }, { ...ok, rate: 5 }])?.rate).toBe(10);
    expect(maxSustained([{ ...ok, sustained: false }])).toBeUndefined();
  });

  it('compares CPU per item at the highest rate every series sustained', () => {
    const step = (rate: number, sustained: boolean, temporal: number): StepResult => ({ rate, offered: rate, completed: rate, throughput: rate, errors: 0, sustained, cpuPerItem: { temporal } });
    const common = atCommonRate({
      bare: [step(1, true, 0.09), step(4, true, 0.05), step(8, true, 0.04)],
      pipeline: [step(1, true, 0.2), step(4, true, 0.11), step(8, false, 0.3)],
    });
    expect(common).toEqual({ rate: 4, cpuPerItem: { bare: { temporal: 0.05 }, pipeline: { temporal: 0.11 } } });
    expect(atCommonRate({ bare: [step(1, true, 0.1)], pipeline: [step(1, false, 0.2)] })).toBeUndefined();
  });

  it('charges a package with the time of everything it calls, once per sample', () => {
    const frame = (id: number, url: string, children: number[] = [], functionName = 'f') => ({ id, callFrame: { functionName, url, lineNumber: 0 }, children });
    const profile = {
      nodes: [
        frame(1, '', [2], '(root)'),
        frame(2, 'file:///srv/node_modules/kafkajs/src/producer.js', [3, 4]),
        frame(3, 'node:net', []), // Node's socket write, called by kafkajs
        frame(4, 'file:///srv/node_modules/kafkajs/src/encoder.js', [5]),
        frame(5, 'file:///srv/node_modules/kafkajs/src/crc.js', []),
        frame(6, '', [], '(idle)'),
      ],
      samples: [3, 5, 6, 6],
      timeDeltas: [1000, 1000, 1000, 1000], // microseconds
    };
    // Two busy samples, both under kafkajs (the socket write and the nested encoder counted once each); idle left out.
    expect(inclusiveByPackage(profile)).toEqual([{ where: 'kafkajs', ms: 2, share: 100 }]);
  });
});
