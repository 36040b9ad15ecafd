/**
 * The command and event schemas as workflow code reaches them: by name, built the first time the
 * workflow needs one. Every workflow in the worker's cache builds its own copy of each module it
 * imports, when it starts and again when it is replayed after leaving the cache; building all of
 * command-schemas.ts there was about a seventh of a new case's time on the workflow thread
 * (docs/benchmarks.md, national scale), while most workflows never receive most commands.
 */
import type * as Schemas from '../command-schemas';
import type { SchemaName } from '../command-registry';

export type { Accepted, SchemaName } from '../command-registry';

type All = typeof Schemas;

/** The schema of that name, built (with all the others) when the workflow first asks for one. */
export function schemaNamed<K extends SchemaName>(name: K): All[K] {
  // A require here, not an import at the top, is what defers building them.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../command-schemas') as All)[name];
}
