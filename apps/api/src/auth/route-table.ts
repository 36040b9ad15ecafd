import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { COMMANDS, type Command, type CommandRoute } from '../../../../workflows/contract';
import { COMMAND_ROUTE_ACCESS, PERMISSION_KEY, type RouteAccess } from './permissions';

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

export interface CommandEntry {
  /** "POST /cases/:caseId/commands/<name>": where the command is sent. */
  route: string;
  /** The permission of that route, and who alone may send the command beyond it (the registry's `only`). */
  permission: string;
  /** The action the audit trail records the command under. */
  audit: string;
}

/**
 * Every command of the registry (workflows/command-registry.ts) on every route it is sent on, with
 * who may send it and what the audit records, read from the registry and found among `routes` (the
 * route table) by its audit action. A route the registry names but the API does not serve, or serves
 * with another permission, shows as such.
 */
export function commandTable(routes: RouteEntry[]): CommandEntry[] {
  const rows: CommandEntry[] = [];
  for (const command of Object.values(COMMANDS) as Command[]) {
    for (const on of Object.keys(command.routes) as CommandRoute[]) {
      const { permission, audit } = COMMAND_ROUTE_ACCESS[on];
      const served = routes.find((r) => r.scope?.split(' ').includes(`audit=${audit}`));
      const route = served ? served.route.replace(':command', command.name) : `NOT SERVED (${on})`;
      const checked = !served || served.permission === permission ? permission : `${permission} (the route requires ${served.permission})`;
      rows.push({ route, permission: command.only ? `${checked}, only ${command.only}` : checked, audit });
    }
  }
  return rows.sort((a, b) => a.route.localeCompare(b.route));
}

// `node dist/apps/api/src/auth/route-table.js` prints the API's route table as JSON; with `--commands`, the command table.
if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { API_CONTROLLERS } = require('../api.module') as { API_CONTROLLERS: Type[] };
  const routes = routeTable(API_CONTROLLERS);
  console.log(JSON.stringify(process.argv.includes('--commands') ? commandTable(routes) : routes, null, 2));
}
