import type { Command } from '../../../../workflows/contract';

/** Where a page's form sends a command of the registry (workflows/command-registry.ts): the API's path for it. */
export function commandPath(target: 'cases' | 'measures' | 'families', id: string, command: Pick<Command, 'name'>): string {
  return `/${target}/${id}/commands/${command.name}`;
}
