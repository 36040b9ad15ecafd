import { createHmac } from 'node:crypto';

/**
 * The same child written a little differently by two reporters is still the same child: surrounding
 * and repeated spaces, letter case and the hyphen of a CPR number (DDMMYY-SSSS) do not matter.
 */
export function normaliseChildReference(reference: string): string {
  const text = reference.normalize('NFC').trim().replace(/\s+/g, ' ').toUpperCase();
  return /^\d{6}-\d{4}$/.test(text) ? text.replace('-', '') : text;
}

/**
 * The opaque id of a child: HMAC-SHA256 of the normalised reference under CHILD_REFERENCE_KEY,
 * cut to 128 bits and shaped as a UUID (version 8, "custom"). Without the key nobody can go from
 * the id back to the child, not even by trying every CPR number; with it, the API finds the
 * child's intake workflow without reading anything.
 */
export function childIdOf(reference: string, key: Buffer): string {
  const b = createHmac('sha256', key)
    .update(`closer:child-reference:v1:${normaliseChildReference(reference)}`)
    .digest()
    .subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x80;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
