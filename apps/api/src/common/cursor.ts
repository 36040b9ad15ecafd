import { BadRequestException } from '@nestjs/common';

/**
 * A list's position: the sort key and id of the last item shown, as base64url JSON, opaque to the
 * caller. The next page starts strictly after it, so an item is shown once however the list
 * changes between pages.
 */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * A cursor this API gave out, read by `read` from its values (undefined: not one of ours): 400 with
 * `message` for anything else.
 */
export function decodeCursor<T>(cursor: unknown, read: (values: unknown[]) => T | undefined, message: string): T {
  if (typeof cursor === 'string' && cursor.length > 0 && cursor.length <= 1000 && /^[A-Za-z0-9_-]+$/.test(cursor)) {
    try {
      const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
      const found = Array.isArray(values) ? read(values) : undefined;
      if (found !== undefined) return found;
    } catch {
      // answered below
    }
  }
  throw new BadRequestException(message);
}

/** A page of `rows`, read one more than `limit`: its items, and when there are more, the cursor after the last. */
export function pageOf<R>(rows: R[], limit: number, keyOf: (last: R) => unknown[]): { items: R[]; next?: string } {
  const items = rows.slice(0, limit);
  return rows.length > limit ? { items, next: encodeCursor(keyOf(items[items.length - 1])) } : { items };
}
