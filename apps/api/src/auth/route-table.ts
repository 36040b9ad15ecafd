import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { PERMISSION_KEY, type RouteAccess } from './permissions';

export interface RouteEntry {
  route: string;
  permission: string;
  /** The case data the route reaches, and under which audit action its use is recorded. */
  scope?: string;
}

/**
 * Every route of the given controllers with the permission it requires, as "METHOD /path". A
 * route without a declared permission shows as "NONE" (the guard refuses it to everyone).
 */
export function routeTable(controllers: Type[]): RouteEntry[] {
  const rows: RouteEntry[] = [];
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const onClass = Reflect.getMetadata(PERMISSION_KEY, controller) as RouteAccess | undefined;
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      const access = (Reflect.getMetadata(PERMISSION_KEY, handler) as RouteAccess | undefined) ?? onClass;
      const full = `/${[base, path]
        .map((p) => p.replace(/^\/|\/$/g, ''))
        .filter(Boolean)
        .join('/')}`;
      const scope = access?.scope
        ? Object.entries(access.scope)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')
        : undefined;
      const permission = `${access?.permission ?? 'NONE'}${access?.changesNothing ? ' (changes nothing: no CSRF token)' : ''}`;
      rows.push({ route: `${RequestMethod[method]} ${full}`, permission, ...(scope ? { scope } : {}) });
    }
  }
  return rows.sort((a, b) => a.route.localeCompare(b.route));
}

// `node dist/apps/api/src/auth/route-table.js` prints the API's route table as JSON.
if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { API_CONTROLLERS } = require('../api.module') as { API_CONTROLLERS: Type[] };
  console.log(JSON.stringify(routeTable(API_CONTROLLERS), null, 2));
}
