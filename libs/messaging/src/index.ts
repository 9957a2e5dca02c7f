export * from './kafka';
export * from './envelope';
export * from './message';
export * from './consumer';
export * from './kafka-transport';
export * from './messaging.module';
export * from './consumer-lag';
export * from './group-sender';
