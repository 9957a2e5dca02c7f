export * from './demo-population';
