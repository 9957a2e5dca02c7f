export * from './demo-population';
export * from './facility-bundles';
