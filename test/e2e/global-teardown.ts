import type { RunningSystem } from '../support/system';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __SIMPUL_SYSTEM__?: RunningSystem }).__SIMPUL_SYSTEM__?.stop();
}
