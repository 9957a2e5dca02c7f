import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReadinessRegistry, type ReadinessCheck } from '@simpul/observability';
import { createDataSource } from './data-source';

@Injectable()
export class DatabaseReadiness implements ReadinessCheck, OnApplicationShutdown {
  readonly name = 'postgres';
  constructor(@Inject(DataSource) private readonly ds: DataSource, registry: ReadinessRegistry) {
    registry.register(this);
  }
  async check(): Promise<void> {
    await this.ds.query('SELECT 1');
  }
  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

@Global()
@Module({})
export class PersistenceModule {
  static forRoot(url: string, applicationName: string): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => createDataSource(url, { applicationName }).initialize(),
        },
        DatabaseReadiness,
      ],
      exports: [DataSource, DatabaseReadiness],
    };
  }
}
