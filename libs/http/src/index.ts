export * from './problem.filter';
export * from './validation.pipe';
export * from './bootstrap';
export * from './page-query.dto';
export * from './front-door.controller';
