/**
 * Top frames by self time (idle excluded) of a V8 CPU profile (node --cpu-prof, see `npm run bench -- --cpu-prof`):
 * `node dist/scripts/bench/profile-summary.js <file.cpuprofile> [count]`.
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

export function topFrames(profile: Profile, count = 12): Array<{ frame: string; selfMs: number; share: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    // Idle time says only that the thread waited; shares are of the time it worked.
    if (functionName === '(idle)') {
      total -= dt;
      return;
    }
    const where = url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${lineNumber + 1}` : '';
    const frame = `${functionName || '(anonymous)'} ${where}`.trim();
    self.set(frame, (self.get(frame) ?? 0) + dt);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([frame, ms]) => ({ frame, selfMs: Math.round(ms), share: Math.round((ms / total) * 1000) / 10 }));
}

/**
 * Self time (idle excluded) grouped by where the code lives: an npm package (`typeorm`, `kafkajs`, `@temporalio/worker`),
 * Simpul's own code (`simpul:<first folders>`), Node's internals (`node:`), or V8's own entries (GC, program).
 */
export function byPackage(profile: Profile, count = 15): Array<{ where: string; selfMs: number; share: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!node || node.callFrame.functionName === '(idle)') return;
    total += dt;
    const where = packageOf(node.callFrame);
    self.set(where, (self.get(where) ?? 0) + dt);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([where, ms]) => ({ where, selfMs: Math.round(ms), share: Math.round((ms / total) * 1000) / 10 }));
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
  const [file, count] = process.argv.slice(2);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  for (const f of topFrames(profile, Number(count ?? 12))) process.stdout.write(`${f.share}%\t${f.selfMs} ms\t${f.frame}\n`);
  process.stdout.write('\nby package\n');
  for (const f of byPackage(profile, Number(count ?? 12))) process.stdout.write(`${f.share}%\t${f.selfMs} ms\t${f.where}\n`);
}
