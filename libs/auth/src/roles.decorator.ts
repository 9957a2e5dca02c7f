import { SetMetadata } from '@nestjs/common';

export const ROLES = ['citizen', 'portal', 'officer', 'supervisor', 'operator', 'auditor', 'monitoring', 'facility', 'counter-officer'] as const;
export type Role = (typeof ROLES)[number];
export const ROLES_KEY = 'simpul:roles';
/** The roles allowed on a route; a route without it is refused to every role (deny by default). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
