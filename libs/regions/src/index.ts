export * from './area-reference';
export * from './application-region';
export * from './offices';
