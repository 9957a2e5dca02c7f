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

if (require.main === module) {
  const [file, count] = process.argv.slice(2);
  for (const f of topFrames(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(count ?? 12))) process.stdout.write(`${f.share}%\t${f.selfMs} ms\t${f.frame}\n`);
}
