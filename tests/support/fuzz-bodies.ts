/**
 * Request bodies for property-based tests of the HTTP edge: random, oversized and malformed ones,
 * and "almost valid" ones made from a valid body by changing one field. A body is generated as a
 * value tree that may hold raw JSON fragments (numbers JSON.stringify cannot write, nesting deeper
 * than JSON.stringify can recurse) and own `__proto__` keys, then written to the exact text sent.
 */
import fc from 'fast-check';

/** A piece of JSON text written as is. */
export class RawJson {
  constructor(readonly text: string) {}
}

export type Tree = RawJson | string | number | boolean | null | Tree[] | { [key: string]: Tree };

/** What one request sends: the exact body text, its content type and its Idempotency-Key header. */
export interface FuzzRequest {
  kind: string;
  text: string;
  contentType: string | undefined;
  /** `fresh`: a new valid key made at send time; a string: sent as is; undefined: no header. */
  key: 'fresh' | string | undefined;
}

/** JSON text of a tree; own `__proto__` keys and raw fragments are written as they are. */
export function toJsonText(t: Tree): string {
  if (t instanceof RawJson) return t.text;
  if (Array.isArray(t)) return `[${t.map(toJsonText).join(',')}]`;
  if (t !== null && typeof t === 'object') {
    return `{${Object.keys(t)
      .map((k) => `${JSON.stringify(k)}:${toJsonText(t[k])}`)
      .join(',')}}`;
  }
  // NaN and the infinities have no JSON form; JSON.stringify writes null, as a client would.
  return JSON.stringify(t);
}

/** An object with an own (not inherited) key, also for `__proto__`, which plain assignment would not create. */
function withKey(obj: Record<string, Tree>, key: string, value: Tree | undefined): Record<string, Tree> {
  const copy: Record<string, Tree> = {};
  for (const k of Object.keys(obj)) if (k !== key) Object.defineProperty(copy, k, own(obj[k]));
  if (value !== undefined) Object.defineProperty(copy, key, own(value));
  return copy;
}
const own = (value: Tree): PropertyDescriptor => ({ value, enumerable: true, writable: true, configurable: true });

type Path = (string | number)[];

/** Every place in a value (each field, nested fields and list items), to change one of them. */
function paths(t: Tree, prefix: Path = []): Path[] {
  const here: Path[] = prefix.length ? [prefix] : [];
  if (Array.isArray(t)) return [...here, ...t.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (t !== null && typeof t === 'object' && !(t instanceof RawJson))
    return [...here, ...Object.keys(t).flatMap((k) => paths(t[k], [...prefix, k]))];
  return here;
}

/** `t` with the value at `path` replaced (or removed, with undefined). */
function setAt(t: Tree, path: Path, value: Tree | undefined): Tree {
  const [head, ...rest] = path;
  if (Array.isArray(t)) {
    const copy = [...t];
    const next = rest.length ? setAt(copy[head as number], rest, value) : value;
    if (next === undefined) copy.splice(head as number, 1);
    else copy[head as number] = next;
    return copy;
  }
  const obj = t as Record<string, Tree>;
  return withKey(obj, String(head), rest.length ? setAt(obj[head as string], rest, value) : value);
}

// ---------------------------------------------------------------------------------------------
// Values that are wrong in every way a caller gets them wrong

/** 100 KB to 900 KB of one repeated unit: plain, multi-byte, control characters, quotes, emoji. */
export const hugeString = fc
  .record({
    length: fc.integer({ min: 100_000, max: 900_000 }),
    unit: fc.constantFrom('x', 'æø', ' ', '\n', '\u0000', '\u202e', '😀', 'a\u0301', '"', '\\', '<script>'),
  })
  .map(({ length, unit }) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

const oddStrings = fc.constantFrom(
  '',
  ' ',
  '   \t ',
  '\n',
  '\u0000',
  'a\u0000b',
  '\u0007',
  '\u001b[31mred',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u202eevil',
  '\ud800',
  'x\udc00',
  '\ufeff',
  '\uffff',
  '😀'.repeat(60),
  'Ω≈ç√∫',
  'a'.repeat(101),
  'a'.repeat(201),
  'a'.repeat(10_001),
  '__proto__',
  'constructor',
  'toString',
  '../../etc/passwd',
  "'; DROP TABLE cases; --",
  '${jndi:ldap://x}',
  '{{7*7}}',
  '<img src=x onerror=alert(1)>',
);

/** Numbers and number-like text: not numbers, not whole, out of any range, or written oddly. */
const numberLike = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e309', '0x10', '1_000', ' 3 ', '-0', '3.0', '1e3', '5', 'null', 'undefined', 'true'),
  fc.constantFrom(
    1.5,
    -1,
    0,
    -0,
    0.1,
    2.9999999,
    11,
    7,
    2 ** 31,
    2 ** 53 + 2,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_VALUE,
    1e21,
    -1e21,
    1e308,
  ),
  fc.double(),
  fc.integer(),
  fc
    .constantFrom(
      '1e400',
      '-1e400',
      '-0',
      '1.0',
      '0.1e1',
      '1E2',
      '123456789012345678901234567890',
      '2.9999999999999999',
      '1e-400',
      '4.5',
      '-1',
    )
    .map((t) => new RawJson(t)),
);

/** Dates: impossible, far outside any plausible range, in odd formats, or numbers. */
const dateLike = fc.oneof(
  fc.constantFrom(
    '0000-01-01',
    '9999-12-31T23:59:59Z',
    '+275760-09-13T00:00:00.000Z',
    '-271821-04-20T00:00:00.000Z',
    '1970-01-01T00:00:00Z',
    '1989-12-31T23:59:59Z',
    '2101-01-01T00:00:00Z',
    '2100-12-31T23:59:59-14:00',
    '1990-01-01T00:00:00+14:00',
    '2024-02-30',
    '2024-13-01',
    '2024-01-01T25:00:00Z',
    '2024-01-01T00:00:00.123456789Z',
    '2024-01-01 12:00',
    '2024-1-1',
    '20240101',
    'yesterday',
    '2024-06-01T12:00:00+0200',
    '1990-01-01',
    '2100-12-31',
  ),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.integer({ min: -8.64e15, max: 8.64e15 }),
);

/** Nesting far deeper than any body needs (JSON.stringify could not even write it). */
const deepNesting = fc
  .record({ depth: fc.integer({ min: 1_000, max: 150_000 }), open: fc.constantFrom('[', '{"a":') })
  .map(({ depth, open }) => new RawJson(open.repeat(depth) + '1' + (open === '[' ? ']' : '}').repeat(depth)));

/** Keys that mean something to JavaScript objects. */
const prototypeKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', '__defineGetter__', 'hasOwnProperty', 'toString', 'valueOf');

const pollution = fc.constantFrom<Tree>(
  { polluted: true },
  { actor: 'polluted', isAdmin: true },
  { prototype: { polluted: true } },
  withKey({}, '__proto__', { polluted: true }),
);

const smallJson = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Tree>;

/** A value that is wrong for (almost) any field. */
export const nastyValue: fc.Arbitrary<Tree> = fc.oneof(
  { weight: 3, arbitrary: oddStrings },
  { weight: 2, arbitrary: hugeString },
  { weight: 3, arbitrary: numberLike as fc.Arbitrary<Tree> },
  { weight: 3, arbitrary: dateLike },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: pollution },
  { weight: 2, arbitrary: fc.constantFrom<Tree>(null, true, false, [], {}, [null], ['a'], { a: 1 }, [[[]]]) },
  { weight: 2, arbitrary: smallJson },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

/**
 * A value of the same kind as `current` that a schema may well accept but code further on may not
 * expect: text at its length bound, with NUL, lone surrogates, bidi overrides or emoji; numbers at
 * their bounds or with fractions; dates at the edge of the plausible range; duplicated list items.
 */
export function oddButPlausible(current: Tree): fc.Arbitrary<Tree> {
  if (typeof current === 'string' && /^\d{4}-\d{2}-\d{2}/.test(current)) {
    return fc.oneof(
      fc.constantFrom(
        '1990-01-01',
        '1990-01-01T00:00:00Z',
        '1990-01-01T00:00:00+01:00',
        '2100-12-31',
        '2100-12-31T23:59:59Z',
        '2100-12-31T23:59:59.999Z',
        '2023-02-29',
        '2024-02-29T24:00:00Z',
        '2024-12-31T23:59:60Z',
        '2024-03-31T02:30:00',
        '2024-06-01 12:00:00.5+14:00',
        '2024-06-01T12:00:00.123456789-12:00',
      ),
      fc
        .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true })
        .map((d) => d.toISOString()),
    );
  }
  if (typeof current === 'string' && /^[0-9a-f]{8}-/.test(current)) {
    return fc.oneof(
      fc.uuid(),
      fc.uuid().map((u) => u.toUpperCase()),
      fc.constantFrom(
        '00000000-0000-0000-0000-000000000000',
        'ffffffff-ffff-ffff-ffff-ffffffffffff',
        '00000000-0000-4000-8000-000000000000',
      ),
    );
  }
  if (typeof current === 'string') {
    return fc.oneof(
      fc.constantFrom(
        'a\u0000b',
        'x\ud800y',
        '\udfff',
        '\u202eevil',
        'tab\there',
        'line\nbreak\r\n',
        ' padded ',
        '\u00a0nbsp',
        'null',
        'undefined',
        '__proto__',
        'constructor',
        '😀'.repeat(50),
        'x'.repeat(100),
        'æ'.repeat(200),
        'y'.repeat(10_000),
        '\u0000'.repeat(10_000),
        'a@b.dk',
        "o'brien; --",
      ),
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
    );
  }
  if (typeof current === 'number') {
    return fc.oneof(
      fc.constantFrom(
        0,
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        10,
        11,
        0.5,
        0.01,
        5e-324,
        9_999_999.99,
        10_000_000,
        10_000_001,
        2_600,
        3_650,
        87_600,
        315_360_000,
      ),
      fc.double({ min: -1, max: 1e7, noNaN: true }),
      fc.integer({ min: -10, max: 400_000_000 }),
    );
  }
  if (typeof current === 'boolean') return fc.constant(!current);
  if (Array.isArray(current)) {
    return fc.oneof(
      fc.constant<Tree>([]),
      fc.integer({ min: 2, max: 31 }).map((n) => (current.length ? Array.from({ length: n }, () => current[0]) : [])),
    );
  }
  return fc.constantFrom<Tree>({}, current);
}

// ---------------------------------------------------------------------------------------------
// Whole bodies

const notJson = fc.oneof(
  fc.constantFrom(
    '{',
    '}',
    '[',
    '{"actor": ',
    '{"actor": "a",}',
    "{'actor': 'a'}",
    '{actor: "a"}',
    '{"actor": "a"} trailing',
    '{"actor": NaN}',
    '{"monthlyCost": Infinity}',
    '{"actor": undefined}',
    '{"actor": "a" /* comment */}',
    '{"actor": "\u0000"}',
    '{"actor": "\\x41"}',
    '{"a":1}{"b":2}',
    'null',
    'true',
    '42',
    '"a string"',
    '\u0000',
    ' ',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).filter((t) => !parses(t)),
);

/** Bodies that are JSON but not an object. */
const notAnObject = fc.oneof(
  fc.constantFrom('[]', '[{}]', '[1]', '[{"actor":"a"}]', '[[]]'),
  fc.array(smallJson, { maxLength: 4 }).map(toJsonText),
);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** An invalid Idempotency-Key: too short, too long, or with characters an update id must not have. */
export const badKeys = [
  'short',
  'has spaces in it',
  'x'.repeat(201),
  'ünïcøde-key-1',
  '../../../etc/passwd',
  '',
  'key;drop=1',
  'tab\there-key',
];

export interface BodyOptions {
  /** Keys the request may carry; commands take any, requests that create things take a fixed one so retries stay one thing. */
  keys?: fc.Arbitrary<FuzzRequest['key']>;
}

const defaultKeys: fc.Arbitrary<FuzzRequest['key']> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.constant('fresh' as const) },
  { weight: 1, arbitrary: fc.constantFrom(...badKeys) },
);

const contentTypes = fc.oneof(
  { weight: 30, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', undefined),
  },
);

/**
 * Bodies for one command, from a valid `base`: one field changed to a wrong value or removed, an
 * unknown or prototype key added, a random object over the command's fields, the wrong shape,
 * text that is not JSON, or an oversized body.
 */
export function fuzzBodies(
  base: Record<string, Tree>,
  fields: string[],
  { keys = defaultKeys }: BodyOptions = {},
): fc.Arbitrary<FuzzRequest> {
  const places = paths(base);
  const baseText = toJsonText(base);
  const text = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.tuple(fc.constantFrom(...places), fc.option(nastyValue, { freq: 12, nil: undefined })).map(([path, value]) => ({
        kind: `field ${path.join('.')} ${value === undefined ? 'removed' : 'changed'}`,
        text: toJsonText(setAt(base, path, value)),
      })),
    },
    {
      weight: 6,
      arbitrary: fc
        .constantFrom(...places)
        .chain((path) => oddButPlausible(pathValue(base, path)).map((value) => ({ path, value })))
        .map(({ path, value }) => ({ kind: `field ${path.join('.')} odd`, text: toJsonText(setAt(base, path, value)) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...places, []),
          fc.oneof(
            prototypeKeys,
            fc.string({ maxLength: 30 }),
            hugeString.map((s) => s.slice(0, 150_000)),
          ),
          nastyValue,
        )
        .map(([path, key, value]) => {
          const target = path.length ? pathValue(base, path) : base;
          const isObject = target !== null && typeof target === 'object' && !Array.isArray(target) && !(target instanceof RawJson);
          const changed = isObject
            ? path.length
              ? setAt(base, path, withKey(target, key, value))
              : withKey(base, key, value)
            : withKey(base, key, value);
          return { kind: `unknown key ${JSON.stringify(key.slice(0, 20))}`, text: toJsonText(changed) };
        }),
    },
    {
      weight: 2,
      arbitrary: fc
        .dictionary(fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 10 }), prototypeKeys), fc.oneof(nastyValue, smallJson), {
          maxKeys: 6,
        })
        .map((o) => ({ kind: 'random object', text: toJsonText(o as Tree) })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1_000, max: 30_000 }).map((n) => ({
        kind: `${n} unknown keys`,
        text: toJsonText(Object.assign({ ...base }, Object.fromEntries(Array.from({ length: n }, (_, i) => [`extra${i}`, i])))),
      })),
    },
    { weight: 1, arbitrary: fc.constantFrom({ kind: 'empty object', text: '{}' }, { kind: 'empty body', text: '' }) },
    { weight: 1, arbitrary: notAnObject.map((t) => ({ kind: 'not an object', text: t })) },
    { weight: 1, arbitrary: notJson.map((t) => ({ kind: 'not JSON', text: t })) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: baseText.length - 1 }).map((n) => ({ kind: 'truncated JSON', text: baseText.slice(0, n) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1_000_000, max: 1_300_000 })
        .map((n) => ({ kind: 'over the size limit', text: toJsonText(withKey(base, 'padding', 'p'.repeat(n))) })),
    },
  );
  return fc
    .record({ body: text, contentType: contentTypes, key: keys })
    .map(({ body, contentType, key }) => ({ ...body, contentType, key }));
}

function pathValue(t: Tree, path: Path): Tree {
  return path.reduce<Tree>((v, k) => (v as Record<string, Tree>)[k as string], t);
}

/** A request for a failure message: long strings shortened, so a counterexample stays readable. */
export function describeRequest(r: FuzzRequest): string {
  const text = r.text.length > 300 ? `${r.text.slice(0, 200)}… (${r.text.length} characters) …${r.text.slice(-60)}` : r.text;
  return `${r.kind}; content-type ${r.contentType ?? '(none)'}; key ${r.key === undefined ? '(none)' : JSON.stringify(String(r.key).slice(0, 40))}; body ${JSON.stringify(text)}`;
}

// ---------------------------------------------------------------------------------------------
// Path ids and Authorization headers

/** What a caller may put where an id goes in a path: UUIDs of nothing, and anything but a UUID (encode it). */
export const randomPathId: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: oddStrings.filter((s) => s !== '') },
    { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 60 }) },
    { weight: 1, arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', 'null', '1', '-1', '%00', '..', '.', '*') },
  )
  .filter(encodable);

/** Whether a text can go into a URL at all (a lone surrogate cannot). */
function encodable(text: string): boolean {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');
const tokenChars = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/='.split('')),
  maxLength: 400,
});

/** A JWT's shape with any header and payload JSON, and any signature. */
const jwtShaped = fc
  .tuple(smallJson, smallJson, fc.uint8Array({ maxLength: 300 }))
  .map(
    ([header, payload, signature]) =>
      `${base64url(toJsonText(header))}.${base64url(toJsonText(payload))}.${Buffer.from(signature).toString('base64url')}`,
  );

/** `token` with one character of its header, payload or signature changed (never a last one, whose low bits may not count). */
function tampered(token: string): fc.Arbitrary<string> {
  const inner = [...token].flatMap((c, i) => (c !== '.' && token[i + 1] !== '.' && i < token.length - 1 ? [i] : []));
  return fc
    .tuple(fc.constantFrom(...inner), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')))
    .map(([i, c]) =>
      token[i] === c
        ? `${token.slice(0, i)}${c === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`
        : `${token.slice(0, i)}${c}${token.slice(i + 1)}`,
    );
}

/**
 * Authorization header values that must not let anyone in: printable garbage, other schemes, bearer
 * tokens of random characters or of a JWT's shape, tokens `bad` (expired, forged, unsigned: made by
 * the caller), a real token with one character changed, and tokens longer than any real one. Only
 * what fetch can send (printable ASCII), and below Node's header size limit.
 */
export function garbageAuthorization(realToken: string, bad: string[] = []): fc.Arbitrary<string> {
  const bearer = (a: fc.Arbitrary<string>) => a.map((t) => `Bearer ${t}`);
  return fc.oneof(
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 200 }) },
    { weight: 2, arbitrary: bearer(tokenChars) },
    { weight: 2, arbitrary: bearer(jwtShaped) },
    { weight: 3, arbitrary: bearer(tampered(realToken)) },
    ...(bad.length ? [{ weight: 2, arbitrary: bearer(fc.constantFrom(...bad)) }] : []),
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        'Bearer',
        'Bearer ',
        `Bearer ${realToken} ${realToken}`,
        `Bearer ${realToken},Bearer ${realToken}`,
        `Basic ${Buffer.from('admin:closer-demo').toString('base64')}`,
        `Token ${realToken}`,
        `${realToken}`,
        `Bearer ${realToken.split('.').slice(0, 2).join('.')}.`,
        `Bearer ${realToken.split('.').slice(0, 2).join('.')}`,
        `Bearer ${base64url('{"alg":"none"}')}.${realToken.split('.')[1]}.`,
        `Bearer ${'A'.repeat(8193)}`,
        `Bearer ${'a.b.c'.repeat(2_500)}`,
      ),
    },
  );
}
