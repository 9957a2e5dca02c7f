export * from './entities/application.entity';
export * from './entities/application-step.entity';
export * from './entities/application-event.entity';
export * from './entities/outbox.entity';
export * from './data-source';
export * from './persistence.module';
