import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, PARAMTYPES_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC, ROLES_KEY } from '@simpul/auth';

/** What the OpenAPI document needs to know of one route, read from Nest's own metadata (not from the document). */
export interface RouteFacts {
  method: string;
  /** OpenAPI form: /v1/applications/{id}. */
  path: string;
  public: boolean;
  roles: string[];
  body?: Type<unknown>;
  query?: Type<unknown>;
  /** Path parameter name → the pipes on it (ParseUUIDPipe, ParseIntPipe) by class name. */
  params: Record<string, string[]>;
}

/** Every route of the running app's controllers. */
export function routeFacts(app: INestApplication): RouteFacts[] {
  const out: RouteFacts[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      if (wrapper.metatype) out.push(...controllerFacts(wrapper.metatype as Type<unknown>));
    }
  }
  return out;
}

function controllerFacts(controller: Type<unknown>): RouteFacts[] {
  const bases = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
  const proto = controller.prototype as Record<string, unknown>;
  const out: RouteFacts[] = [];
  for (const name of Object.getOwnPropertyNames(proto)) {
    const handler = proto[name];
    if (name === 'constructor' || typeof handler !== 'function') continue;
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (method === undefined) continue;
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { index: number; data?: string; pipes?: unknown[] }>;
    const types = (Reflect.getMetadata(PARAMTYPES_METADATA, proto, name) ?? []) as Type<unknown>[];
    const facts = { method: RequestMethod[method].toLowerCase(), public: meta(IS_PUBLIC, handler, controller) === true, roles: (meta(ROLES_KEY, handler, controller) as string[] | undefined) ?? [], params: {} as Record<string, string[]> } as Omit<RouteFacts, 'path'>;
    for (const [key, arg] of Object.entries(args)) {
      const kind = Number(key.split(':')[0]);
      if (kind === RouteParamtypes.BODY && !arg.data) facts.body = types[arg.index];
      if (kind === RouteParamtypes.QUERY && !arg.data) facts.query = types[arg.index];
      if (kind === RouteParamtypes.PARAM && arg.data) facts.params[arg.data] = (arg.pipes ?? []).map(pipeName);
    }
    for (const p of [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat()) {
      for (const b of bases) {
        const path = `/${[b, p].map((x) => (x ?? '').replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
        out.push({ ...facts, path });
      }
    }
  }
  return out;
}

function meta(key: string, handler: unknown, controller: Type<unknown>): unknown {
  return Reflect.getMetadata(key, handler as object) ?? Reflect.getMetadata(key, controller);
}

function pipeName(pipe: unknown): string {
  if (typeof pipe === 'function') return pipe.name;
  return (pipe as { constructor?: { name?: string } })?.constructor?.name ?? '';
}
