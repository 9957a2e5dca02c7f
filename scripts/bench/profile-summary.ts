/**
 * Top frames by self time (idle excluded) of a V8 CPU profile (node --cpu-prof, see `npm run bench -- --cpu-prof`):
 * `node dist/scripts/bench/profile-summary.js <file.cpuprofile> [count] [fromMs] [toMs]`, optionally only the samples
 * between fromMs and toMs after the profile's start (the process's start): a phase of the bench, without start-up.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Milliseconds after the profile's start: only samples inside count (a bench phase, start-up left out). */
export interface Window {
  fromMs: number;
  toMs: number;
}

/** Self time (idle excluded: it says only that the thread waited) summed per `keyOf` of each frame, largest first. */
function selfTimeBy(profile: Profile, keyOf: (frame: ProfileNode['callFrame']) => string, count: number, window?: Window): Array<{ key: string; selfMs: number; share: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  let at = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    at += dt;
    if (window && (at < window.fromMs || at > window.toMs)) return;
    if (!node || node.callFrame.functionName === '(idle)') return;
    total += dt;
    const key = keyOf(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, ms]) => ({ key, selfMs: Math.round(ms), share: Math.round((ms / total) * 1000) / 10 }));
}

/** Top frames by self time: function and where it lives (an npm package path, `dist/…`, or a Node internal). */
export function topFrames(profile: Profile, count = 12, window?: Window): Array<{ frame: string; selfMs: number; share: number }> {
  const frameOf = ({ functionName, url, lineNumber }: ProfileNode['callFrame']) => {
    const where = url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${lineNumber + 1}` : '';
    return `${functionName || '(anonymous)'} ${where}`.trim();
  };
  return selfTimeBy(profile, frameOf, count, window).map(({ key, ...rest }) => ({ frame: key, ...rest }));
}

/**
 * Self time (idle excluded) grouped by where the code lives: an npm package (`typeorm`, `kafkajs`, `@temporalio/worker`),
 * Simpul's own code (`simpul:<first folders>`), Node's internals (`node:`), or V8's own entries (GC, program).
 */
export function byPackage(profile: Profile, count = 15, window?: Window): Array<{ where: string; selfMs: number; share: number }> {
  return selfTimeBy(profile, packageOf, count, window).map(({ key, ...rest }) => ({ where: key, ...rest }));
}

/**
 * Total time (idle excluded) of the samples in which code of each place (npm package or Simpul folder, as packageOf)
 * is on the stack, each sample counted once per place: what a package costs with everything it calls, so a library
 * whose work is done by Node's internals (sockets, timers, crypto) shows its real weight. Shares overlap.
 */
export function inclusiveByPackage(profile: Profile & { nodes: Array<ProfileNode & { children?: number[] }> }, count = 15, window?: Window): Array<{ where: string; ms: number; share: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const places = new Map<number, string[]>();
  const placesOf = (id: number): string[] => {
    const known = places.get(id);
    if (known) return known;
    const node = byId.get(id);
    const up = parent.has(id) ? placesOf(parent.get(id) as number) : [];
    const own = node && node.callFrame.url && !node.callFrame.url.startsWith('node:') ? packageOf(node.callFrame) : undefined;
    const list = own && !up.includes(own) ? [...up, own] : up;
    places.set(id, list);
    return list;
  };
  const time = new Map<string, number>();
  let total = 0;
  let at = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    at += dt;
    if (window && (at < window.fromMs || at > window.toMs)) return;
    if (byId.get(id)?.callFrame.functionName === '(idle)') return;
    total += dt;
    for (const place of placesOf(id)) time.set(place, (time.get(place) ?? 0) + dt);
  });
  return [...time]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([where, ms]) => ({ where, ms: Math.round(ms), share: Math.round((ms / total) * 1000) / 10 }));
}

export function packageOf(frame: { functionName: string; url: string }): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : `native ${functionName}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node: (internals)';
  const own = /\/dist\/((?:apps|libs|workflows|scripts)\/[^/]+)/.exec(url);
  return own ? `simpul:${own[1]}` : url;
}

if (require.main === module) {
  const [file, count, from, to] = process.argv.slice(2);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const window = from ? { fromMs: Number(from), toMs: to ? Number(to) : Infinity } : undefined;
  for (const f of topFrames(profile, Number(count ?? 12), window)) process.stdout.write(`${f.share}%\t${f.selfMs} ms\t${f.frame}\n`);
  process.stdout.write('\nby package\n');
  for (const f of byPackage(profile, Number(count ?? 12), window)) process.stdout.write(`${f.share}%\t${f.selfMs} ms\t${f.where}\n`);
}
