export * from './public.decorator';
export * from './roles.decorator';
export * from './principal';
export * from './keys';
export * from './tokens';
export * from './auth.guard';
export * from './auth.module';
export * from './current-principal.decorator';
