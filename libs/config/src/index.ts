export * from './config';
export * from './agency-connections';
