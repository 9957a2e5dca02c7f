import { SetMetadata } from '@nestjs/common';

/** Marks a route that needs no token (health probes only). */
export const IS_PUBLIC = 'simpul:public';
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
