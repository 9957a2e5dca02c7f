export * from './demo-population';
export * from './facility-bundles';
export * from './demo-staff';
