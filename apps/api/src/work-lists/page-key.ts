import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '../common/cursor';

export const MAX_LIMIT = 200;
export const DEFAULT_LIMIT = 50;

/**
 * A list's position: the sort key and id of the last item shown, opaque to the caller (base64url of
 * JSON). The next page starts strictly after it, so an item is shown once however the list changes
 * between pages. `at` is null for items without a time (cases without a next deadline, last).
 */
export interface PageKey {
  at: string | null;
  id: string;
}

const ID = /^[0-9a-zA-Z-]{1,40}$/;

export function encodeKey(at: Date | null, id: string): string {
  return encodeCursor([at ? at.toISOString() : null, id]);
}

/** The `cursor` parameter: 400 naming it for anything this API did not give out. */
export function decodeKey(cursor: unknown): PageKey | null {
  if (cursor === undefined) return null;
  return decodeCursor(
    cursor,
    ([at, id, ...rest]) => {
      if (rest.length || typeof id !== 'string' || !ID.test(id)) return undefined;
      if (at === null) return { at: null, id };
      if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || new Date(at).toISOString() !== at) return undefined;
      return { at, id };
    },
    CURSOR_NOT_VALID,
  );
}

/** What a list answers to a cursor it did not give out. */
export const CURSOR_NOT_VALID = 'cursor is not valid: pass the `next` value of the previous page unchanged';

/** The `limit` parameter: 1 to MAX_LIMIT, DEFAULT_LIMIT when absent. */
export function pageLimit(limit: unknown): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  const n = typeof limit === 'string' && /^[0-9]{1,4}$/.test(limit) ? Number(limit) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new BadRequestException(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return n;
}
