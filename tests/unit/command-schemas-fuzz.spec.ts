// Property-based, on the schemas alone: any JSON a caller sends is judged without throwing, in a
// sentence of bounded length, and text that PostgreSQL cannot store never passes.
import fc from 'fast-check';
import type { z } from 'zod';
import { CASE_COMMANDS, FAMILY_COMMANDS, MEASURE_COMMANDS } from '../../apps/api/src/cases/commands';
import {
  assignCoordinatorSchema,
  closeCaseSchema,
  createFamilySchema,
  measureProposalSchema,
  registerInquirySchema,
  schemaProblem,
} from '../../workflows/command-schemas';
import { nastyValue, type Tree, toJsonText } from '../support/fuzz-bodies';

const SEED = 20_261_123;
const schemas: [string, z.ZodType][] = [
  ...Object.entries({ ...CASE_COMMANDS, ...MEASURE_COMMANDS }).map(([name, c]): [string, z.ZodType] => [name, c.schema]),
  ...Object.entries(FAMILY_COMMANDS).map(([name, c]): [string, z.ZodType] => [`family ${name}`, c.schema]),
  ['create family', createFamilySchema],
  ['register inquiry', registerInquirySchema],
];

it.each(schemas)('judges any JSON sent as %s without throwing, in a short sentence', (_name, schema) => {
  const fields = Object.keys((schema as unknown as { shape: object }).shape);
  const bodies = fc.oneof(
    fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 8 })), nastyValue, { maxKeys: 5 }),
    fc.jsonValue({ maxDepth: 4 }),
  );
  fc.assert(
    fc.property(bodies, (body) => {
      // What the API parses from the wire: the value as JSON text, read back.
      const sent: unknown = JSON.parse(toJsonText(body as Tree));
      const problem = schemaProblem(schema, sent);
      if (problem !== undefined) expect(problem.length).toBeLessThanOrEqual(500);
    }),
    { seed: SEED, numRuns: 60 },
  );
});

it('refuses NUL characters and broken Unicode in ids, names and free text, naming the field', () => {
  const assign = { actor: 'leder', coordinatorId: 'radgiver-anna', teamId: 'team-a' };
  expect(schemaProblem(assignCoordinatorSchema, { ...assign, coordinatorId: 'x\ud800y' })).toBe(
    'coordinatorId must not contain NUL characters or broken Unicode',
  );
  expect(schemaProblem(assignCoordinatorSchema, { ...assign, reason: 'a\u0000b' })).toBe(
    'reason must not contain NUL characters or broken Unicode',
  );
  expect(schemaProblem(closeCaseSchema, { actor: 'leder', reason: 'Afsluttet \udc00' })).toBe(
    'reason must not contain NUL characters or broken Unicode',
  );
  const measure = {
    type: 'familiebehandling',
    ladderStep: 2,
    provider: 'Familiehuset \ud83d',
    monthlyCost: 1,
    startDate: '2025-01-01',
    plannedEnd: '2025-06-01',
    goalIds: [],
  };
  expect(schemaProblem(measureProposalSchema, { actor: 'a', measure })).toBe(
    'measure.provider must not contain NUL characters or broken Unicode',
  );
  // Whole characters outside the basic plane, line breaks in free text: fine.
  expect(schemaProblem(closeCaseSchema, { actor: 'leder', reason: 'Afsluttet 😀\nNæste linje' })).toBeUndefined();
});

it('names at most five unknown fields, each shortened, however many and however long', () => {
  const assign = { actor: 'leder', coordinatorId: 'radgiver-anna', teamId: 'team-a' };
  const long = 'k'.repeat(100_000);
  expect(schemaProblem(assignCoordinatorSchema, { ...assign, [long]: 1 })).toBe(`${'k'.repeat(60)}… is not a known field`);
  const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`x${i}`, i]));
  expect(schemaProblem(assignCoordinatorSchema, { ...assign, ...many })).toBe('x0, x1, x2, x3, x4 and 9995 more is not a known field');
});
