import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import * as schemas from '../../../../workflows/command-schemas';
import { type Command, type CommandResult, type CommandRoute, commandsOn } from '../../../../workflows/contract';

/**
 * A command as the API sends it on one of its routes: the registry's entry (workflows/command-registry.ts),
 * the update it becomes, the schema its HTTP body must match, and its summary there. The body never
 * names who acts: the API adds the signed-in person as `actor`, and a body that tries (`actor`) is
 * refused as an unknown field.
 */
export interface CommandSpec {
  command: Command;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  update: UpdateDefinition<CommandResult, [any]>;
  schema: z.ZodObject;
  summary: string;
}

/** The workflow's schema without `actor`: what a person may send over HTTP. */
export function withoutActor<T extends z.ZodType>(schema: T): z.ZodType<Omit<z.infer<T>, 'actor'>> {
  const body = schema instanceof z.ZodObject && 'actor' in schema.shape ? schema.omit({ actor: true }) : schema;
  return body as z.ZodType<Omit<z.infer<T>, 'actor'>>;
}

/** The schema a command's body is checked against (the workflow checks it again, with `actor`). */
export function commandSchema(command: Command): z.ZodObject {
  return schemas[command.schema] as z.ZodObject;
}

/** `command` as sent on `route`. */
export function specOf(command: Command, route: CommandRoute): CommandSpec {
  return {
    command,
    update: command.update,
    schema: withoutActor(commandSchema(command)) as z.ZodObject,
    summary: command.routes[route] ?? '',
  };
}

const sentOn = (route: CommandRoute): Record<string, CommandSpec> =>
  Object.fromEntries([...commandsOn(route)].map(([name, command]) => [name, specOf(command, route)]));

/** The commands on a child case (børnesag), by URL name. */
export const CASE_COMMANDS = sentOn('case');

/** The commands on a measure (foranstaltning). */
export const MEASURE_COMMANDS = sentOn('measure');

/** The commands on a family. */
export const FAMILY_COMMANDS = sentOn('family');
