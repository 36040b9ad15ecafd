// The command schemas: every field bounded, refusals name the field, and each schema publishes as JSON Schema.
import { z } from 'zod';
import { CASE_COMMANDS, FAMILY_COMMANDS, MEASURE_COMMANDS } from '../../apps/api/src/cases/commands';
import { reportRefusal } from '../../apps/api/src/reports/report-refusal';
import * as schemas from '../../workflows/command-schemas';
import { type Command, COMMAND_ROUTES, COMMANDS, commandsOn } from '../../workflows/contract';
import {
  assignCoordinatorSchema,
  claimTaskSchema,
  createReportSchema,
  followUpSchema,
  HANDOVER_SUBSET_MAX,
  LIMITS,
  measureProposalSchema,
  planSchema,
  reassignTaskSchema,
  schemaProblem,
  startHandoverSchema,
  urgencyAssessmentSchema,
} from '../../workflows/command-schemas';

const measure = {
  type: 'familiebehandling',
  ladderStep: 3,
  provider: 'Familiehuset',
  monthlyCost: 12000,
  startDate: '2026-01-01',
  plannedEnd: '2026-12-31',
  goalIds: ['g1'],
};

describe('command schemas', () => {
  it('accepts a well-formed command', () => {
    expect(schemaProblem(assignCoordinatorSchema, { actor: 'leder', coordinatorId: 'radgiver-anna', teamId: 'team-a' })).toBeUndefined();
    expect(schemaProblem(measureProposalSchema, { actor: 'radgiver', measure })).toBeUndefined();
  });

  it('names the field that is missing, of the wrong type, or unknown', () => {
    expect(schemaProblem(assignCoordinatorSchema, { actor: 'leder', teamId: 'team-a' })).toBe('coordinatorId is required');
    expect(schemaProblem(urgencyAssessmentSchema, { actor: 'x', childInDanger: 'maybe', acuteHelpNeeded: false })).toBe(
      'childInDanger must be true or false',
    );
    expect(schemaProblem(urgencyAssessmentSchema, { actor: 'x', childInDanger: true, acuteHelpNeeded: false, cpr: '010101-1234' })).toBe(
      'cpr is not a known field',
    );
    expect(schemaProblem(measureProposalSchema, { actor: 'x', measure: { ...measure, ladderStep: 7 } })).toBe(
      'measure.ladderStep must be at most 6',
    );
    expect(schemaProblem(measureProposalSchema, { actor: 'x', measure: { ...measure, ladderStep: 2.5 } })).toBe(
      'measure.ladderStep must be a whole number',
    );
  });

  it('bounds every string, list and number', () => {
    const huge = 'x'.repeat(500_000);
    expect(schemaProblem(assignCoordinatorSchema, { actor: huge, coordinatorId: 'a', teamId: 'b' })).toBe(
      `actor must be at most ${LIMITS.id} characters`,
    );
    expect(schemaProblem(assignCoordinatorSchema, { actor: 'a', coordinatorId: 'b', teamId: 'c', reason: huge })).toBe(
      `reason must be at most ${LIMITS.text} characters`,
    );
    const goals = Array.from({ length: LIMITS.listItems + 1 }, (_, i) => ({
      goalId: `g${i}`,
      description: 'd',
      ownerDepartment: 'skole',
      successMeasure: 's',
    }));
    expect(schemaProblem(planSchema, { actor: 'a', goals })).toBe(`goals must be at most ${LIMITS.listItems} items`);
    expect(schemaProblem(measureProposalSchema, { actor: 'x', measure: { ...measure, monthlyCost: 1e12 } })).toBe(
      `measure.monthlyCost must be at most ${LIMITS.monthlyCost}`,
    );
    expect(schemaProblem(assignCoordinatorSchema, { actor: '   ', coordinatorId: 'b', teamId: 'c' })).toBe('actor must not be blank');
    expect(schemaProblem(assignCoordinatorSchema, { actor: 'a\u0000b', coordinatorId: 'b', teamId: 'c' })).toBe(
      'actor must not contain control characters',
    );
  });

  it('takes dates only in ISO 8601 and within a plausible range', () => {
    const at = (startDate: string) => schemaProblem(measureProposalSchema, { actor: 'x', measure: { ...measure, startDate } });
    expect(at('2026-03-01T08:00:00+01:00')).toBeUndefined();
    expect(at('next tuesday')).toBe('measure.startDate must be an ISO 8601 date');
    expect(at('+275760-09-13T00:00:00Z')).toBe('measure.startDate must be an ISO 8601 date');
    expect(at('1066-10-14')).toBe('measure.startDate must be between 1990 and 2100');
  });

  it('takes a follow-up cadence as exactly one whole unit', () => {
    const next = (after: unknown) =>
      schemaProblem(followUpSchema, {
        actor: 'x',
        scores: [],
        decision: 'continue',
        agreedActions: [],
        nextFollowUp: { after, reason: 'r' },
      });
    expect(next({ calendarDays: 56 })).toBeUndefined();
    expect(next({ calendarDays: 1.5 })).toMatch(/^nextFollowUp\.after/);
    expect(next({ calendarDays: 5, weekdays: 2 })).toMatch(/^nextFollowUp\.after/);
    expect(next({ calendarMonths: 10_000 })).toMatch(/^nextFollowUp\.after/);
  });

  it('publishes every command body as JSON Schema with its bounds', () => {
    for (const table of [CASE_COMMANDS, MEASURE_COMMANDS, FAMILY_COMMANDS]) {
      for (const [name, spec] of Object.entries(table)) {
        const json = z.toJSONSchema(spec.schema, { unrepresentable: 'any' }) as {
          type: string;
          additionalProperties?: boolean;
          properties: Record<string, { type?: string; maxLength?: number; format?: string; enum?: unknown[] }>;
        };
        expect({ name, type: json.type, additionalProperties: json.additionalProperties }).toEqual({
          name,
          type: 'object',
          additionalProperties: false,
        });
        // Who acts is the signed-in person: no body names them.
        expect({ name, actor: json.properties.actor }).toEqual({ name, actor: undefined });
        // Every text field has its bound (or a format or a list of values that bounds it).
        for (const [field, prop] of Object.entries(json.properties))
          if (prop.type === 'string')
            expect({ name, field, bounded: prop.maxLength !== undefined || prop.format !== undefined || prop.enum !== undefined }).toEqual({
              name,
              field,
              bounded: true,
            });
      }
    }
  });
});

describe('task assignment and handover bodies', () => {
  const taskId = '3f1c2b9e-8d7a-4c6b-9e5f-1a2b3c4d5e6f';

  it('gives a task to a person with a reason, and claims it with or without one', () => {
    expect(schemaProblem(reassignTaskSchema, { actor: 'sofie', taskId, assigneeId: 'mikkel', reason: 'Syg' })).toBeUndefined();
    expect(schemaProblem(reassignTaskSchema, { actor: 'sofie', taskId, assigneeId: 'mikkel' })).toBe('reason is required');
    expect(schemaProblem(reassignTaskSchema, { actor: 'sofie', taskId: 'x', assigneeId: 'mikkel', reason: 'Syg' })).toBe(
      'taskId must be a UUID',
    );
    expect(schemaProblem(claimTaskSchema, {})).toBeUndefined();
    expect(schemaProblem(claimTaskSchema, { reason: 'Stedfortræder' })).toBeUndefined();
    expect(schemaProblem(claimTaskSchema, { assigneeId: 'someone-else' })).toBe('assigneeId is not a known field');
  });

  it('hands over a bounded list of named cases and families with a known reason kind', () => {
    const body = { actor: 'sofie', fromCoordinatorId: 'anna', toCoordinatorId: 'mikkel', teamId: 'team-north', reason: 'Orlov' };
    expect(schemaProblem(startHandoverSchema, body)).toBeUndefined();
    expect(
      schemaProblem(startHandoverSchema, { ...body, reasonKind: 'sick-leave', caseIds: [taskId], familyIds: [taskId] }),
    ).toBeUndefined();
    expect(schemaProblem(startHandoverSchema, { ...body, reasonKind: 'holiday' })).toBe(
      'reasonKind must be one of sick-leave, leaving, caseload, other',
    );
    expect(schemaProblem(startHandoverSchema, { ...body, caseIds: [] })).toBe('caseIds must be at least 1 items');
    expect(schemaProblem(startHandoverSchema, { ...body, familyIds: Array(HANDOVER_SUBSET_MAX + 1).fill(taskId) })).toBe(
      `familyIds must be at most ${HANDOVER_SUBSET_MAX} items`,
    );
    expect(schemaProblem(startHandoverSchema, { ...body, caseIds: ['nope'] })).toBe('caseIds[0] must be a UUID');
  });
});

describe('the command registry', () => {
  const all = Object.entries(COMMANDS) as [string, Command][];

  it('defines each command once: its update named after it, a schema of the workflow with actor, and a route to send it on', () => {
    for (const [updateName, command] of all) {
      const schema = (schemas as Record<string, unknown>)[command.schema];
      expect({ updateName, update: command.update.name, type: command.update.type }).toEqual({
        updateName,
        update: updateName,
        type: 'update',
      });
      expect({
        updateName,
        object: schema instanceof z.ZodObject,
        actor: schema instanceof z.ZodObject && 'actor' in schema.shape,
      }).toEqual({
        updateName,
        object: true,
        actor: true,
      });
      expect({ updateName, routes: Object.keys(command.routes).every((r) => r in COMMAND_ROUTES) }).toEqual({ updateName, routes: true });
      expect({ updateName, routes: Object.keys(command.routes).length > 0 }).toEqual({ updateName, routes: true });
    }
    // One name per command on each route: a second one would never be reached.
    for (const route of Object.keys(COMMAND_ROUTES) as (keyof typeof COMMAND_ROUTES)[]) {
      const names = all.filter(([, c]) => c.routes[route] !== undefined).map(([, c]) => c.name);
      expect({ route, names: new Set(names).size }).toEqual({ route, names: names.length });
      expect({ route, names: [...commandsOn(route).keys()].sort() }).toEqual({ route, names: [...names].sort() });
    }
  });

  it('is what the API routes: each command on a case, measure or family with its body and summary', () => {
    for (const [route, table] of [
      ['case', CASE_COMMANDS],
      ['measure', MEASURE_COMMANDS],
      ['family', FAMILY_COMMANDS],
    ] as const)
      for (const [name, spec] of Object.entries(table)) {
        expect({ name, command: spec.command.name, update: spec.update }).toEqual({ name, command: name, update: spec.command.update });
        expect({ name, summary: spec.summary }).toEqual({ name, summary: spec.command.routes[route] });
      }
  });

  it('builds no schema when a workflow loads it: the command schemas are built when the first command comes', () => {
    let built = false;
    jest.isolateModules(() => {
      jest.doMock('../../workflows/command-schemas', () => {
        built = true;
        return {};
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const contract = require('../../workflows/contract') as typeof import('../../workflows/contract');
      expect(contract.decideTriageUpdate).toBe(contract.COMMANDS.decideTriage.update);
    });
    expect(built).toBe(false);
  });
});

describe('a report of concern as anyone sends it', () => {
  const report = {
    reporter: { name: 'Hanne Holm', email: 'hanne.holm@skole.example.dk', type: 'professional' },
    childReference: 'SKOLE-4B-017',
    concern: 'Eleven kommer ofte sulten i skole.',
    idempotencyKey: 'key-3f0c8a52-1d7e',
  };
  const refusal = (body: unknown) => {
    const parsed = createReportSchema.safeParse(body, { reportInput: true });
    return parsed.success ? undefined : (reportRefusal(parsed.error) as { statusCode: number; message: string[] });
  };

  it('is taken when it is well-formed', () => {
    expect(refusal(report)).toBeUndefined();
    expect(refusal({ ...report, concernsAbuse: true, concern: 'Linje et\nLinje to' })).toBeUndefined();
  });

  it('is refused with every problem listed, each naming its field, in the words POST /reports has always used', () => {
    expect(refusal({ ...report, cpr: '0101101234', reporter: { ...report.reporter, type: 'neighbour', email: 'x' } })).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: [
        'reporter.email must be an email address',
        'reporter.type must be one of the following values: professional, citizen',
        'property cpr should not exist',
      ],
    });
    expect(refusal({ ...report, concern: 'x'.repeat(LIMITS.concern + 1), idempotencyKey: 'x' })?.message).toEqual([
      `concern must be at most ${LIMITS.concern} characters`,
      'idempotencyKey must be 8-200 characters of letters, digits, . _ : -',
    ]);
    expect(refusal({ ...report, concern: 'Bekymring\u0000' })?.message).toEqual([
      'concern must not contain NUL characters or broken Unicode',
    ]);
    const keys = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`.padEnd(500, 'x'), 1]));
    const many = refusal({ ...report, ...keys })!.message;
    expect(many.length).toBeLessThanOrEqual(10);
    expect(many.every((m) => m.length < 200)).toBe(true);
  });
});
