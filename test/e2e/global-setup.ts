import { RunningSystem } from '../support/system';

/** Starts every app once for all end-to-end suites. */
export default async function globalSetup(): Promise<void> {
  const system = new RunningSystem();
  (globalThis as { __SIMPUL_SYSTEM__?: RunningSystem }).__SIMPUL_SYSTEM__ = system;
  try {
    await system.start();
  } catch (err) {
    await system.stop();
    throw err;
  }
}
