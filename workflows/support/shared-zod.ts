/**
 * zod, loaded once per worker thread and shared by every workflow (libs/temporal/workflow-bundle.ts).
 *
 * The SDK freezes what is shared, but zod fills in a few things of its own the first time it is used:
 * its global configuration (the messages' locale, the memoizer) when it builds the first schema, and
 * whether it may compile a faster parser when it parses the first object. Doing both here, before
 * anything is frozen, leaves nothing for a workflow to write.
 */
import { z } from 'zod';

const warmUp = z.strictObject({ name: z.string().min(1).max(10), kind: z.enum(['a', 'b']), when: z.iso.datetime().optional() });
warmUp.safeParse({ name: 'x', kind: 'a' });
warmUp.safeParse({ name: '', kind: 'c', extra: true });
