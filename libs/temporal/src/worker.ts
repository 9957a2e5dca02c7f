import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import type { ContextLogger, ReadinessCheck } from '@simpul/observability';
import { simpulDataConverter, type PayloadKeySettings } from './payload-codec';

/** Where the build puts the prebuilt workflow bundle (`npm run build`); without it, workers bundle at start. */
export const WORKFLOW_BUNDLE_PATH = join(__dirname, '..', '..', '..', 'workflows', 'workflow-bundle.js');
export const WORKFLOWS_PATH = join(__dirname, '..', '..', '..', 'workflows', 'src', 'index');

export function workflowSource(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  return existsSync(WORKFLOW_BUNDLE_PATH) ? { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } } : { workflowsPath: require.resolve(WORKFLOWS_PATH) };
}

/**
 * Owns one Temporal worker. `run()` is awaited by the host: if the worker fails, the promise rejects and the
 * process exits so its supervisor restarts it; it is never left half-alive inside a DI factory.
 */
export class WorkerHost implements ReadinessCheck {
  readonly name: string;
  private worker: Worker | undefined;
  private connection: NativeConnection | undefined;
  private running: Promise<void> | undefined;

  /** `settings` brings the payload keys: every worker encrypts what it sends to Temporal (see payload-codec.ts). */
  constructor(
    private readonly settings: PayloadKeySettings & { temporalAddress: string },
    private readonly options: Omit<WorkerOptions, 'connection' | 'dataConverter'>,
    private readonly log: ContextLogger,
  ) {
    this.name = `temporal-worker:${options.taskQueue}`;
  }

  async start(onFatal: (err: unknown) => void): Promise<void> {
    installTemporalLogging(this.log);
    this.connection = await NativeConnection.connect({ address: this.settings.temporalAddress });
    this.worker = await Worker.create({ ...this.options, connection: this.connection, dataConverter: simpulDataConverter(this.settings) });
    this.running = this.worker.run();
    this.running.then(
      () => this.log.info('worker stopped', { taskQueue: this.options.taskQueue }),
      (err: unknown) => {
        this.log.error('worker failed', { taskQueue: this.options.taskQueue, error: err });
        onFatal(err);
      },
    );
    this.log.info('worker running', { taskQueue: this.options.taskQueue });
  }

  async check(): Promise<void> {
    const state = this.worker?.getState();
    if (state !== 'RUNNING') throw new Error(`worker is ${state ?? 'not started'}`);
  }

  /** Graceful: stops polling, lets in-flight activities finish (up to shutdownGraceTime), then closes. */
  async stop(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }
}

let runtimeInstalled = false;

/** Routes the Temporal SDK's own logs (Rust core and worker) into our JSON logs, once per process. */
export function installTemporalLogging(log: ContextLogger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => {
      const fields = { ...(entry.meta ?? {}), sdk: 'temporal' };
      if (entry.level === 'ERROR') log.error(entry.message, fields);
      else log.warn(entry.message, fields);
    }),
  });
}
