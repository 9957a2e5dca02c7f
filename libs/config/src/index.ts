export * from './config';
export * from './agency-connections';
export * from './config.module';
