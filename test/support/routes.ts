import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';

/**
 * Every HTTP route a Nest application module declares, read from Nest's own routing metadata (the module tree's
 * controllers, their paths and handler methods), without starting the app. The authorization matrix uses it to fail
 * on a route that has no row.
 */
export function routesOf(root: Type<unknown> | DynamicModule): string[] {
  const seen = new Set<unknown>();
  const routes = new Set<string>();
  const visit = (mod: Type<unknown> | DynamicModule | Promise<DynamicModule> | undefined) => {
    if (!mod || mod instanceof Promise || seen.has(mod)) return;
    seen.add(mod);
    const dynamic = 'module' in mod ? (mod as DynamicModule) : undefined;
    const cls = (dynamic ? dynamic.module : mod) as Type<unknown>;
    const controllers = [...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) as Type<unknown>[]) ?? []), ...(dynamic?.controllers ?? [])];
    const imports = [...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) as Array<Type<unknown> | DynamicModule>) ?? []), ...(dynamic?.imports ?? [])];
    for (const controller of controllers) for (const route of controllerRoutes(controller)) routes.add(route);
    for (const imported of imports) visit(imported as Type<unknown> | DynamicModule);
  };
  visit(root);
  return [...routes].sort();
}

function controllerRoutes(controller: Type<unknown>): string[] {
  const base = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
  const out: string[] = [];
  const proto = controller.prototype as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const handler = proto[name];
    if (name === 'constructor' || typeof handler !== 'function') continue;
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (method === undefined) continue;
    const paths = [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat();
    for (const b of base) for (const p of paths) out.push(`${RequestMethod[method]} /${[b, p].map((x) => (x ?? '').replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`);
  }
  return out;
}
