export * from './canonical';
export * from './personal-data';
export * from './audit-trail';
export * from './verify';
export * from './audit-entries.repository';
export * from './audit.module';
