export * from './types';
export * from './registry';
export * from './birth';
export * from './death';
export * from './relocation';
export * from './scholarship';
export * from './catalog';
