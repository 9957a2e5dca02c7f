export * from './canonical';
export * from './personal-data';
export * from './audit-trail';
export * from './verify';
export * from './store';
export * from './audit.module';
