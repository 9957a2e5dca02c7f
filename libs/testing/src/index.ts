export * from './demo-population';
export * from './demo-staff';
