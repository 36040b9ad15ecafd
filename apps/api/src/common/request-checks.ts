import { BadRequestException } from '@nestjs/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

/** A path id that must be a UUID: 400 naming the field otherwise. */
export function requireUuid(value: string, field: string): void {
  if (!isUuid(value)) throw new BadRequestException(`${field} must be a UUID`);
}

/** The `Idempotency-Key` request header, as every endpoint that takes one documents it. */
export const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Chosen by the caller (8-200 of A-Z a-z 0-9 . _ : -); the same key again returns the first answer and changes nothing',
};
