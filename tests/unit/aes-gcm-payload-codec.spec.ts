import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from '../../libs/codec/aes-gcm-payload-codec';

const k1 = { id: 'k1', key: Buffer.alloc(32, 1) };
const k2 = { id: 'k2', key: Buffer.alloc(32, 2) };
const secret = { childReference: '0101101234', reporter: 'Hanne Holm', concern: 'blå mærker' };
const payload = () => defaultPayloadConverter.toPayload(secret)!;

describe('AES-256-GCM payload codec', () => {
  it('encrypts so that no personal data is readable, and decrypts back to the same payload', async () => {
    const codec = new AesGcmPayloadCodec([k1], 'k1');
    const [encrypted] = await codec.encode([payload()]);
    const bytes = Buffer.from(encrypted.data!);
    for (const value of Object.values(secret)) expect(bytes.includes(Buffer.from(value))).toBe(false);
    expect(Buffer.from(encrypted.metadata!.encoding).toString()).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(encrypted.metadata!['encryption-key-id']).toString()).toBe('k1');
    const [decrypted] = await codec.decode([encrypted]);
    expect(defaultPayloadConverter.fromPayload(decrypted)).toEqual(secret);
  });

  it('uses a fresh IV each time: the same value never encrypts to the same bytes', async () => {
    const codec = new AesGcmPayloadCodec([k1], 'k1');
    const [a, b] = await codec.encode([payload(), payload()]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('rotates keys: new payloads use the active key, old ones stay readable', async () => {
    const before = new AesGcmPayloadCodec([k1], 'k1');
    const after = new AesGcmPayloadCodec([k1, k2], 'k2');
    const [old] = await before.encode([payload()]);
    const [fresh] = await after.encode([payload()]);
    expect(Buffer.from(fresh.metadata!['encryption-key-id']).toString()).toBe('k2');
    expect(defaultPayloadConverter.fromPayload((await after.decode([old]))[0])).toEqual(secret);
    await expect(before.decode([fresh])).rejects.toThrow(/No payload key "k2"/);
  });

  it('refuses a tampered payload', async () => {
    const codec = new AesGcmPayloadCodec([k1], 'k1');
    const [encrypted] = await codec.encode([payload()]);
    const data = Buffer.from(encrypted.data!);
    data[20] ^= 0xff;
    await expect(codec.decode([{ ...encrypted, data }])).rejects.toThrow();
  });

  it('passes unencrypted payloads through unchanged (histories from before encryption)', async () => {
    const codec = new AesGcmPayloadCodec([k1], 'k1');
    const plain = payload();
    expect(await codec.decode([plain])).toEqual([plain]);
  });
});
