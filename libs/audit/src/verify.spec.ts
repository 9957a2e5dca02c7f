import { canonicalJson, entryHash, GENESIS_HASH, type AuditRecord } from './canonical';
import { assertNoPersonalData } from './personal-data';
import { verifyChain } from './verify';

function chain(n: number): AuditRecord[] {
  const out: AuditRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const unsigned = {
      seq,
      time: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)),
      actor: { subject: `officer-${seq}`, role: 'officer', agency: 'civil-registry' },
      action: 'task.decision',
      subject: { applicationId: `app-${seq}`, taskId: `task-${seq}` },
      reason: 'documents match',
      details: { outcome: 'APPROVE' },
      prevHash,
    };
    const hash = entryHash(unsigned);
    out.push({ ...unsigned, hash });
    prevHash = hash;
  }
  return out;
}
async function* each(xs: AuditRecord[]): AsyncGenerator<AuditRecord> {
  yield* xs;
}
const headOf = (xs: AuditRecord[]) => ({ seq: xs.length, hash: xs[xs.length - 1]?.hash ?? GENESIS_HASH });

describe('audit chain', () => {
  it('hashes a canonical form that ignores key order and undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null, e: undefined } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
    const [e] = chain(1);
    expect(entryHash({ ...e, details: { outcome: 'APPROVE' }, subject: { taskId: 'task-1', applicationId: 'app-1' } })).toBe(e.hash);
  });

  it('accepts an intact chain, and an empty one', async () => {
    const xs = chain(5);
    await expect(verifyChain(each(xs), headOf(xs))).resolves.toEqual({ ok: true, checked: 5, lastSeq: 5 });
    await expect(verifyChain(each([]), { seq: 0, hash: GENESIS_HASH })).resolves.toMatchObject({ ok: true, checked: 0 });
  });

  it('names the first edited entry', async () => {
    const xs = chain(5);
    xs[2] = { ...xs[2], details: { outcome: 'REJECT' } };
    await expect(verifyChain(each(xs), headOf(xs))).resolves.toMatchObject({ ok: false, checked: 2, break: { seq: 3, problem: expect.stringContaining('edited') } });
  });

  it('names a deleted entry, in the middle and at the end', async () => {
    const xs = chain(5);
    const middle = xs.filter((e) => e.seq !== 3);
    await expect(verifyChain(each(middle), headOf(xs))).resolves.toMatchObject({ ok: false, break: { seq: 3, problem: expect.stringContaining('deleted') } });
    await expect(verifyChain(each(xs.slice(0, 4)), headOf(xs))).resolves.toMatchObject({ ok: false, break: { seq: 5, problem: expect.stringContaining('deleted') } });
  });

  it('names a reordering, even when the seq numbers were rewritten to look continuous', async () => {
    const xs = chain(5);
    const swapped = [xs[0], { ...xs[2], seq: 2 }, { ...xs[1], seq: 3 }, xs[3], xs[4]];
    await expect(verifyChain(each(swapped), headOf(xs))).resolves.toMatchObject({ ok: false, break: { seq: 2 } });
    const rehashedDeletion = [xs[0], xs[2]];
    await expect(verifyChain(each(rehashedDeletion), { seq: 2, hash: xs[2].hash })).resolves.toMatchObject({ ok: false, break: { seq: 2 } });
  });

  it('refuses personal data in details and subject', () => {
    expect(() => assertNoPersonalData({ outcome: 'APPROVE', count: 3 }, 'details')).not.toThrow();
    expect(() => assertNoPersonalData({ nik: 'x' }, 'details')).toThrow('details.nik');
    expect(() => assertNoPersonalData({ child: { fullName: 'x' } }, 'details')).toThrow('details.child.fullName');
    expect(() => assertNoPersonalData({ note: 'mother 3174015502900001' }, 'details')).toThrow('details.note');
    expect(() => assertNoPersonalData({ ids: [3174015502900001] }, 'details')).toThrow('details.ids[0]');
  });

  it('takes a keyed hash that happens to hold 16 digits in a row as the pseudonym it is, not as a NIK', () => {
    const digest = 'ab' + '3174015502900001' + 'c'.repeat(46);
    expect(() => assertNoPersonalData({ personRef: digest }, 'subject')).not.toThrow();
    expect(() => assertNoPersonalData(`citizen:${digest}`, 'actor')).not.toThrow();
    expect(() => assertNoPersonalData({ note: `${digest} mother 3174015502900001` }, 'details')).toThrow('details.note');
    expect(() => assertNoPersonalData({ personRef: digest.slice(0, 63) }, 'subject')).toThrow('subject.personRef');
  });
});
