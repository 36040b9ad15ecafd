import { POLICIES, STATUTORY_POLICY } from '../policy/case-policy';

/**
 * Configuration is read and validated once at start. A missing or malformed value stops the
 * process with a message naming the key, instead of failing later in the middle of a case.
 */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** The worker's sizing (worker only); each unset value keeps the Temporal SDK's default. */
  worker: WorkerTuning;
}

/**
 * How many workflows the worker keeps in memory and how much it runs at once. docs/benchmarks.md
 * (national scale) has the figures behind the values a municipality would choose.
 */
export interface WorkerTuning {
  /** TEMPORAL_MAX_CACHED_WORKFLOWS: workflows kept in memory between tasks (0: none). */
  maxCachedWorkflows?: number;
  /** TEMPORAL_WORKFLOW_TASK_SLOTS: workflow tasks run at once. */
  maxConcurrentWorkflowTaskExecutions?: number;
  /** TEMPORAL_ACTIVITY_TASK_SLOTS: activities run at once. */
  maxConcurrentActivityTaskExecutions?: number;
  /** TEMPORAL_LOCAL_ACTIVITY_SLOTS: local activities run at once. */
  maxConcurrentLocalActivityExecutions?: number;
  /** TEMPORAL_WORKFLOW_TASK_POLLERS: long polls for workflow tasks held open at once. */
  maxConcurrentWorkflowTaskPolls?: number;
  /** TEMPORAL_ACTIVITY_TASK_POLLERS: long polls for activity tasks held open at once. */
  maxConcurrentActivityTaskPolls?: number;
}

export interface Config {
  databaseUrl: string;
  temporal: TemporalConfig;
  payloadKeys: PayloadKey[];
  activePayloadKeyId: string;
  smtpUrl?: string;
  mailFrom: string;
  apiPort: number;
  /** Where people open Closer in a browser: the links in mails, the login callback. */
  publicUrl: string;
  codecCorsOrigins: string[];
  /** Temporal Web UI, where admins open a case's workflow (the links on the admin pages). */
  temporalUiUrl: string;
  /** Login and tokens (API only): who people are comes from an OpenID provider. */
  auth?: AuthConfig;
  /** The policy version new cases start on. */
  casePolicyVersion: string;
  /** HMAC key that turns a child reference into the opaque id of the child's intake workflow (API only). */
  childReferenceKey?: Buffer;
}

/**
 * OpenID Connect: the municipality's identity provider (Entra ID, Keycloak, KOMBIT through a broker)
 * or, in dev and tests, the local provider in apps/idp. One code path for all of them.
 */
export interface AuthConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The `aud` bearer access tokens must carry. */
  audience: string;
  /** Where browsers reach the API (the callback URL is built from it). */
  publicUrl: string;
  /** Where roles, team and partner department come from: the users table, or the token's claims. */
  rolesFrom: 'users' | 'claims';
  claims: { roles: string; team: string; partnerDepartment: string };
  /** Secrets that sign the session cookie; the first signs, all verify (rotation). */
  sessionSecrets: string[];
  /** Secure cookies (https only): on unless the public URL is plain http on this machine. */
  secureCookies: boolean;
  /** A session ends after this long without a request. */
  sessionIdleMinutes: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export interface ConfigNeeds {
  /** The worker sends mail; the API does not. */
  mail?: boolean;
  /** Everything but tools like replay reads and writes the read model. Default true. */
  database?: boolean;
  /** The API takes reports and keys each child's intake workflow with CHILD_REFERENCE_KEY. */
  intake?: boolean;
  /** The API signs people in through OIDC_ISSUER. */
  auth?: boolean;
}

export function loadConfig(env: Env = process.env, needs: ConfigNeeds = {}): Config {
  const problems: string[] = [];
  const text = (key: string, fallback?: string): string => {
    const v = env[key]?.trim();
    if (v) return v;
    if (fallback === undefined) problems.push(`${key} is required`);
    return fallback ?? '';
  };
  const url = (key: string, protocols: string[], required = true): string | undefined => {
    const raw = env[key]?.trim();
    if (!raw) {
      if (required) problems.push(`${key} is required (${protocols.join(' or ')} URL)`);
      return undefined;
    }
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol.replace(/:$/, ''))) {
        problems.push(`${key} must be a ${protocols.join(' or ')} URL, got protocol "${u.protocol}"`);
      }
    } catch {
      problems.push(`${key} is not a valid URL`);
    }
    return raw;
  };
  const port = (key: string, fallback: number): number => {
    const raw = env[key]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 65535) problems.push(`${key} must be a port number (1-65535), got "${raw}"`);
    return n;
  };

  const count = (key: string, min: number): number | undefined => {
    const raw = env[key]?.trim();
    if (!raw) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) problems.push(`${key} must be a whole number >= ${min}, got "${raw}"`);
    return n;
  };

  const databaseUrl = url('DATABASE_URL', ['postgres', 'postgresql'], needs.database !== false) ?? '';
  const temporalAddress = text('TEMPORAL_ADDRESS', '127.0.0.1:7233');
  if (!/^[^\s:]+:\d{1,5}$/.test(temporalAddress)) problems.push(`TEMPORAL_ADDRESS must be host:port, got "${temporalAddress}"`);

  const payloadKeys = parsePayloadKeys(env.PAYLOAD_KEYS, problems);
  const activePayloadKeyId = env.PAYLOAD_ACTIVE_KEY_ID?.trim() || payloadKeys[0]?.id || '';
  if (payloadKeys.length && !payloadKeys.some((k) => k.id === activePayloadKeyId)) {
    problems.push(`PAYLOAD_ACTIVE_KEY_ID "${activePayloadKeyId}" is not one of the ids in PAYLOAD_KEYS`);
  }

  const smtpUrl = url('SMTP_URL', ['smtp', 'smtps'], needs.mail === true);
  const casePolicyVersion = text('CASE_POLICY', STATUTORY_POLICY.version);
  if (!POLICIES[casePolicyVersion])
    problems.push(`CASE_POLICY must be one of ${Object.keys(POLICIES).join(', ')}, got "${casePolicyVersion}"`);

  const childReferenceKey = parseChildReferenceKey(env.CHILD_REFERENCE_KEY, needs.intake === true, problems);

  const apiPortValue = port('API_PORT', 3000);
  const publicUrl = env.PUBLIC_URL?.trim() || `http://localhost:${apiPortValue}`;
  if (!/^https?:\/\/[^/\s]+/.test(publicUrl)) problems.push('PUBLIC_URL must be an http(s) URL');
  const config: Config = {
    databaseUrl,
    temporal: {
      address: temporalAddress,
      namespace: text('TEMPORAL_NAMESPACE', 'default'),
      taskQueue: text('TEMPORAL_TASK_QUEUE', 'closer-cases'),
      worker: {
        maxCachedWorkflows: count('TEMPORAL_MAX_CACHED_WORKFLOWS', 0),
        maxConcurrentWorkflowTaskExecutions: count('TEMPORAL_WORKFLOW_TASK_SLOTS', 2),
        maxConcurrentActivityTaskExecutions: count('TEMPORAL_ACTIVITY_TASK_SLOTS', 1),
        maxConcurrentLocalActivityExecutions: count('TEMPORAL_LOCAL_ACTIVITY_SLOTS', 1),
        maxConcurrentWorkflowTaskPolls: count('TEMPORAL_WORKFLOW_TASK_POLLERS', 2),
        maxConcurrentActivityTaskPolls: count('TEMPORAL_ACTIVITY_TASK_POLLERS', 1),
      },
    },
    payloadKeys,
    activePayloadKeyId,
    smtpUrl,
    mailFrom: text('MAIL_FROM', 'Closer <no-reply@closer.local>'),
    apiPort: apiPortValue,
    publicUrl: publicUrl.replace(/\/$/, ''),
    codecCorsOrigins: text('CODEC_CORS_ORIGINS', 'http://localhost:8233,http://127.0.0.1:8233')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    temporalUiUrl: text('TEMPORAL_UI_URL', 'http://localhost:8233').replace(/\/$/, ''),
    auth: needs.auth ? authConfig(env, apiPortValue, problems) : undefined,
    casePolicyVersion,
    childReferenceKey,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** PAYLOAD_KEYS="2026-11:<base64 32 bytes>,2026-05:<base64 32 bytes>" — several ids allow rotation. */
function parsePayloadKeys(raw: string | undefined, problems: string[]): PayloadKey[] {
  if (!raw?.trim()) {
    problems.push('PAYLOAD_KEYS is required: comma-separated "keyId:base64key" entries, each key 32 bytes (AES-256)');
    return [];
  }
  const keys: PayloadKey[] = [];
  for (const entry of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const sep = entry.indexOf(':');
    const id = sep > 0 ? entry.slice(0, sep) : '';
    const key = Buffer.from(sep > 0 ? entry.slice(sep + 1) : '', 'base64');
    if (!id || !/^[A-Za-z0-9._-]+$/.test(id)) {
      problems.push('PAYLOAD_KEYS has an entry without a valid key id (expected "keyId:base64key")');
    } else if (key.length !== 32) {
      problems.push(`PAYLOAD_KEYS entry "${id}" must be 32 bytes of base64 (AES-256), got ${key.length} bytes`);
    } else if (keys.some((k) => k.id === id)) {
      problems.push(`PAYLOAD_KEYS has the key id "${id}" twice`);
    } else {
      keys.push({ id, key });
    }
  }
  return keys;
}

/**
 * CHILD_REFERENCE_KEY: at least 32 bytes of base64. It must never change once reports have been
 * taken: a new key maps every child to a new intake workflow, so a child's open case would not be found.
 */
function parseChildReferenceKey(raw: string | undefined, required: boolean, problems: string[]): Buffer | undefined {
  const value = raw?.trim();
  if (!value) {
    if (required) problems.push('CHILD_REFERENCE_KEY is required: at least 32 bytes of base64 (the HMAC key for child references)');
    return undefined;
  }
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  if (key.length < 32) {
    problems.push(`CHILD_REFERENCE_KEY must be at least 32 bytes of base64, got ${key.length} bytes`);
    return undefined;
  }
  return key;
}

function authConfig(env: Env, apiPort: number, problems: string[]): AuthConfig {
  const required = (key: string, hint: string): string => {
    const v = env[key]?.trim();
    if (!v) problems.push(`${key} is required (${hint})`);
    return v ?? '';
  };
  const issuer = required('OIDC_ISSUER', "the OpenID provider's issuer URL; `npm run dev` starts a local one");
  const publicUrl = env.PUBLIC_URL?.trim() || `http://localhost:${apiPort}`;
  for (const [key, value] of [
    ['OIDC_ISSUER', issuer],
    ['PUBLIC_URL', publicUrl],
  ] as const) {
    if (!value) continue;
    try {
      const u = new URL(value);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') problems.push(`${key} must be an http(s) URL`);
    } catch {
      problems.push(`${key} is not a valid URL`);
    }
  }
  const rolesFrom = env.OIDC_ROLES_FROM?.trim() || 'users';
  if (rolesFrom !== 'users' && rolesFrom !== 'claims') problems.push(`OIDC_ROLES_FROM must be "users" or "claims", got "${rolesFrom}"`);
  const sessionSecrets = (env.SESSION_SECRET ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!sessionSecrets.length) problems.push('SESSION_SECRET is required (at least 32 characters; comma-separated to rotate)');
  else if (sessionSecrets.some((s) => s.length < 32)) problems.push('SESSION_SECRET entries must be at least 32 characters');
  const local = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(publicUrl);
  const secure = env.COOKIE_SECURE?.trim();
  if (secure && secure !== 'true' && secure !== 'false') problems.push(`COOKIE_SECURE must be "true" or "false", got "${secure}"`);
  const idle = Number(env.SESSION_IDLE_MINUTES?.trim() || 480);
  if (!Number.isInteger(idle) || idle < 1 || idle > 24 * 60)
    problems.push('SESSION_IDLE_MINUTES must be a whole number of minutes, 1-1440');
  return {
    issuer,
    clientId: required('OIDC_CLIENT_ID', 'the client id Closer is registered under at the OpenID provider'),
    clientSecret: required('OIDC_CLIENT_SECRET', 'the client secret Closer is registered with'),
    audience: env.OIDC_AUDIENCE?.trim() || 'closer-api',
    publicUrl: publicUrl.replace(/\/$/, ''),
    rolesFrom: rolesFrom as AuthConfig['rolesFrom'],
    claims: {
      roles: env.OIDC_ROLES_CLAIM?.trim() || 'closer_roles',
      team: env.OIDC_TEAM_CLAIM?.trim() || 'closer_team',
      partnerDepartment: env.OIDC_PARTNER_CLAIM?.trim() || 'closer_partner_department',
    },
    sessionSecrets,
    secureCookies: secure ? secure === 'true' : !local,
    sessionIdleMinutes: idle,
  };
}
