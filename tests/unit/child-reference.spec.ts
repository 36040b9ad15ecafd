import { childIdOf, normaliseChildReference } from '../../apps/api/src/reports/child-reference';

const key = Buffer.alloc(32, 1);
const otherKey = Buffer.alloc(32, 2);

describe('the opaque id of a child', () => {
  it('is the same for the same child written a little differently', () => {
    const id = childIdOf('SKOLE-4B-017', key);
    expect(childIdOf('  skole-4b-017 ', key)).toBe(id);
    expect(childIdOf('0101101234', key)).toBe(childIdOf('010110-1234', key));
    expect(normaliseChildReference(' Skole  4B\t017 ')).toBe('SKOLE 4B 017');
  });

  it('differs between children and between keys', () => {
    expect(childIdOf('SKOLE-4B-017', key)).not.toBe(childIdOf('SKOLE-4B-018', key));
    expect(childIdOf('SKOLE-4B-017', key)).not.toBe(childIdOf('SKOLE-4B-017', otherKey));
  });

  it('is shaped as a UUID and carries nothing of the reference', () => {
    const cpr = '0101101234';
    const id = childIdOf(cpr, key);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id.replace(/-/g, '')).not.toContain('01011');
  });
});
