import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { CASE_COMMANDS, type CommandSpec, FAMILY_COMMANDS, MEASURE_COMMANDS } from './commands';

/** The command routes of the API as OpenAPI shows them: one path per command, from the registry. */
const GROUPS: { path: string; param: string; tag: string; commands: Record<string, CommandSpec> }[] = [
  { path: '/cases/{caseId}/commands', param: 'caseId', tag: 'cases', commands: CASE_COMMANDS },
  { path: '/measures/{measureId}/commands', param: 'measureId', tag: 'measures', commands: MEASURE_COMMANDS },
  { path: '/families/{familyId}/commands', param: 'familyId', tag: 'families', commands: FAMILY_COMMANDS },
];

/**
 * The command routes are one route per kind of workflow in the code; in the published API each
 * command gets its own path with its own request body, generated from the schema the edge and the
 * workflow check, so the documentation cannot drift from what is enforced.
 */
export function withCommandBodies(doc: OpenAPIObject): OpenAPIObject {
  for (const group of GROUPS) {
    const generic = doc.paths[`${group.path}/{command}`]?.post;
    delete doc.paths[`${group.path}/{command}`];
    for (const [name, spec] of Object.entries(group.commands)) {
      doc.paths[`${group.path}/${name}`] = {
        post: {
          tags: [group.tag],
          summary: spec.summary,
          operationId: `${group.tag}-${name}`,
          parameters: [
            { name: group.param, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
            ...(generic?.parameters ?? []).filter((p) => 'in' in p && p.in === 'header'),
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: z.toJSONSchema(spec.schema, { unrepresentable: 'any' }) as object } },
          },
          responses: {
            '200': { description: 'Applied: the current state, with `result` saying what the command changed' },
            '400': { description: 'Bad data: the message names the field' },
            '404': { description: 'No such case, measure or family' },
            '409': { description: 'Not allowed in the current state: the message says why' },
          },
        },
      };
    }
  }
  return doc;
}
