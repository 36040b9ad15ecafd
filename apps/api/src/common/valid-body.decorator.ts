import { BadRequestException, createParamDecorator, type ExecutionContext, NotFoundException } from '@nestjs/common';
import { ApiBody, ApiExtension } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { CommandRejection } from '../../../../workflows/contract';
import { schemaIssue } from '../../../../workflows/schema-basics';

/**
 * Bodies chosen by a path parameter (a command's by its name): each value of `param` has its own
 * schema, and is published in OpenAPI as a path of its own with that body and summary.
 */
export interface BodyChoice {
  param: string;
  bodies: Readonly<Record<string, { schema: z.ZodType; summary: string }>>;
}

export interface ValidBodyOptions {
  /** No body at all is taken as an empty object (every field of the schema is optional). */
  optional?: boolean;
  /**
   * The 400 answer to a body its schema refuses, for an endpoint whose published answer has another
   * form; by default the first problem in words and in parts a page can say in its own language:
   * `{ statusCode: 400, error: 'InvalidCommand', field, message, problem, limit?, values? }`.
   */
  refusal?: (error: z.ZodError) => object;
}

/**
 * The request body, checked against its zod schema (400 naming the field when it is wrong) and
 * published as the request body in OpenAPI, from the same schema: the one way a route takes a body.
 * The handler gets the body exactly as sent (schemas carry no transforms), typed by the caller.
 *
 * @example create(@ValidBody(createUserSchema) body: CreateUserBody)
 */
export function ValidBody(schema: z.ZodType | BodyChoice, options: ValidBodyOptions = {}): ParameterDecorator {
  const check = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
    const req = ctx.switchToHttp().getRequest<Request>();
    return checkBody(schema instanceof z.ZodType ? schema : chosen(schema, req), req.body, options);
  })();
  return (target, key, index) => {
    check(target, key, index);
    if (key === undefined) return;
    const method = Object.getOwnPropertyDescriptor(target, key)!;
    if (schema instanceof z.ZodType) ApiBody({ required: !options.optional, schema: jsonSchema(schema) })(target, key, method);
    else ApiExtension(CHOICES, choicesForOpenApi(schema))(target, key, method);
  };
}

/** `body` checked against `schema`: 400 when it is no JSON object or the schema refuses it; else the body as sent. */
export function checkBody<T>(schema: z.ZodType<T>, body: unknown, { optional, refusal }: ValidBodyOptions = {}): T {
  const value = body === undefined && optional ? {} : body;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new BadRequestException('the request body must be a JSON object');
  if (refusal) {
    const parsed = schema.safeParse(value, { reportInput: true });
    if (!parsed.success) throw new BadRequestException(refusal(parsed.error));
    return value as T;
  }
  const issue = schemaIssue(schema, value);
  // The field and the kind of problem besides the sentence: a page says it next to the field, in its own language.
  if (issue) throw new BadRequestException({ statusCode: 400, error: CommandRejection.InvalidCommand, ...issue });
  return value as T;
}

function chosen(choice: BodyChoice, req: Request): z.ZodType {
  const value = req.params[choice.param];
  const found = typeof value === 'string' && Object.prototype.hasOwnProperty.call(choice.bodies, value) ? choice.bodies[value] : undefined;
  if (!found) throw new NotFoundException(`unknown ${choice.param} "${value}"; known: ${Object.keys(choice.bodies).join(', ')}`);
  return found.schema;
}

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { unrepresentable: 'any' }) as object;

/** The OpenAPI extension that carries a route's chosen bodies until withChosenBodies publishes them. */
const CHOICES = 'x-closer-body-choices';

interface PublishedChoices {
  param: string;
  bodies: Record<string, { schema: object; summary: string }>;
}

function choicesForOpenApi(choice: BodyChoice): PublishedChoices {
  const bodies = Object.fromEntries(
    Object.entries(choice.bodies).map(([name, b]) => [name, { schema: jsonSchema(b.schema), summary: b.summary }]),
  );
  return { param: choice.param, bodies };
}

/**
 * A route whose body is chosen by a path parameter is one route in the code; in the published API
 * each choice gets its own path (`/cases/{caseId}/commands/decide-triage`) with its own request body,
 * generated from the schema the edge and the workflow check, so the documentation cannot drift from
 * what is enforced.
 */
export function withChosenBodies(doc: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!item.post || !(CHOICES in item.post)) continue;
    const { [CHOICES]: choices, ...generic } = item.post as typeof item.post & { [CHOICES]: PublishedChoices };
    delete doc.paths[path];
    for (const [name, body] of Object.entries(choices.bodies)) {
      const tag = generic.tags?.[0] ?? 'api';
      doc.paths[path.replace(`{${choices.param}}`, name)] = {
        post: {
          ...generic,
          summary: body.summary,
          operationId: `${tag}-${name}`,
          parameters: (generic.parameters ?? []).filter((p) => !('name' in p && p.name === choices.param)),
          requestBody: { required: true, content: { 'application/json': { schema: body.schema } } },
        },
      };
    }
  }
  return doc;
}
