export * from './key-ring';
export * from './sealed-fields';
