import { BadRequestException } from '@nestjs/common';

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
  return Buffer.from(JSON.stringify([at ? at.toISOString() : null, id]), 'utf8').toString('base64url');
}

/** The `cursor` parameter: 400 naming it for anything this API did not give out. */
export function decodeKey(cursor: unknown): PageKey | null {
  if (cursor === undefined) return null;
  const bad = () => new BadRequestException('cursor is not valid: pass the `next` value of the previous page unchanged');
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(value) || value.length !== 2) throw bad();
  const [at, id] = value as unknown[];
  if (typeof id !== 'string' || !ID.test(id)) throw bad();
  if (at === null) return { at: null, id };
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || new Date(at).toISOString() !== at) throw bad();
  return { at, id };
}

/** The `limit` parameter: 1 to MAX_LIMIT, DEFAULT_LIMIT when absent. */
export function pageLimit(limit: unknown): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  const n = typeof limit === 'string' && /^[0-9]{1,4}$/.test(limit) ? Number(limit) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new BadRequestException(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return n;
}
