export * from './kafka';
export * from './envelope';
export * from './consumer';
export * from './messaging.module';
export * from './consumer-lag';
export * from './group-sender';
