import type { z } from 'zod';
import { describeIssue, fieldPath, shortKey } from '../../../../workflows/schema-basics';

/** Problems listed in one refusal at most: enough to correct a report, never a large body echoed back. */
const MAX_PROBLEMS = 10;
const MAX_KEYS_SHOWN = 5;

/**
 * How POST /reports refuses a report: every problem in a list, in the words it has used since its
 * first version, for the systems that send reports (a school's, a doctor's) read them so. Each
 * sentence begins with the field it names.
 */
export function reportRefusal(error: z.ZodError): object {
  return { statusCode: 400, error: 'Bad Request', message: error.issues.flatMap(sentences).slice(0, MAX_PROBLEMS) };
}

function sentences(issue: z.core.$ZodIssue): string[] {
  const field = fieldPath(issue.path);
  if (issue.code === 'unrecognized_keys')
    return issue.keys.slice(0, MAX_KEYS_SHOWN).map((k) => `property ${field ? `${field}.` : ''}${shortKey(k)} should not exist`);
  if (issue.code === 'invalid_value') return [`${field || 'the body'} must be one of the following values: ${issue.values.join(', ')}`];
  return [describeIssue(issue)];
}
