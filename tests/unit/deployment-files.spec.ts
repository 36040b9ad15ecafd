import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ConfigError, type ConfigNeeds, loadConfig } from '../../libs/config/config';
import { SEARCH_ATTRIBUTE_REGISTRATION } from '../../workflows/contract';

/**
 * The deployment files (docker/compose.yml, deploy/helm/temporal-values.yaml, deploy/k8s/*.yaml) are
 * never run here (no Docker or Kubernetes on the CI machine): this parses them and checks what would
 * otherwise only fail at a municipality's first start.
 */
const root = join(__dirname, '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

type Doc = Record<string, any>;

// The needs each app's main() passes to configOrExit (apps/api/src/main.ts, apps/worker/src/main.ts).
const NEEDS: Record<'api' | 'worker', ConfigNeeds> = { api: { intake: true, auth: true }, worker: { mail: true } };

/** Every key loadConfig (libs/config/config.ts) reports as required when the environment is empty. */
function requiredByCode(needs: ConfigNeeds): string[] {
  try {
    loadConfig({}, needs);
  } catch (err) {
    if (err instanceof ConfigError)
      return err.problems.map((p) => /^([A-Z][A-Z0-9_]+) is required/.exec(p)?.[1]).filter((k): k is string => !!k);
    throw err;
  }
  return [];
}

// Keys loadConfig has a default for that is wrong inside a container or cluster (localhost, the
// `default` namespace, a dev UI port): a deployment must set them too.
const DEPLOYMENT_REQUIRED = {
  api: ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'PUBLIC_URL', 'TEMPORAL_UI_URL', 'CODEC_CORS_ORIGINS'],
  worker: ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'PUBLIC_URL'],
};
const required = (app: 'api' | 'worker'): string[] => [...new Set([...requiredByCode(NEEDS[app]), ...DEPLOYMENT_REQUIRED[app]])].sort();

// Valid stand-ins for the values compose takes from the operator's environment and the Secret's placeholders.
const SAMPLE_SECRETS: Record<string, string> = {
  PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  CHILD_REFERENCE_KEY: Buffer.alloc(32, 2).toString('base64'),
  SESSION_SECRET: 'x'.repeat(40),
  OIDC_ISSUER: 'https://idp.example.dk',
  OIDC_CLIENT_ID: 'closer',
  OIDC_CLIENT_SECRET: 'secret',
  DATABASE_URL: 'postgres://closer:pw@db.example.dk:5432/closer',
};

/** Compose's `${VAR:?msg}` / `${VAR:-default}` as the operator's shell would fill them in. */
function interpolate(value: unknown): string {
  return String(value).replace(/\$\{([A-Z0-9_]+)(?::([?-])([^}]*))?\}/g, (_m, name: string, op?: string, rest?: string) =>
    op === '-' ? (rest ?? '') : (SAMPLE_SECRETS[name] ?? ''),
  );
}

function imageTag(image: string): string | undefined {
  const last = image.split('/').pop() ?? '';
  return last.includes(':') ? last.slice(last.indexOf(':') + 1) : undefined;
}

function expectPinned(image: string): void {
  const tag = imageTag(image);
  expect({ image, tag }).toEqual({ image, tag: expect.stringMatching(/^\d+(\.\d+)*([-.][\w.-]+)?$/) });
  expect(tag).not.toBe('latest');
}

describe('docker/compose.yml', () => {
  const compose = parse(read('docker/compose.yml'), { merge: true }) as Doc;
  const services = compose.services as Record<string, Doc>;
  const dependsOn = (name: string): Record<string, string> => {
    const d = services[name].depends_on as Record<string, { condition: string }> | string[] | undefined;
    if (!d) return {};
    if (Array.isArray(d)) return Object.fromEntries(d.map((n) => [n, 'service_started']));
    return Object.fromEntries(Object.entries(d).map(([n, v]) => [n, v.condition]));
  };

  it('has the services and one-shot jobs, without the deprecated auto-setup image', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'api',
        'maildev',
        'migrate',
        'postgres',
        'temporal',
        'temporal-db',
        'temporal-namespace',
        'temporal-schema',
        'temporal-ui',
        'worker',
      ].sort(),
    );
    for (const s of Object.values(services)) if (s.image) expect(s.image).not.toMatch(/auto-setup/);
    expect(services.temporal.image).toMatch(/^temporalio\/server:/);
    expect(services['temporal-schema'].image).toMatch(/^temporalio\/admin-tools:/);
    expect(services['temporal-namespace'].image).toMatch(/^temporalio\/admin-tools:/);
    expect(services['temporal-ui'].image).toMatch(/^temporalio\/ui:/);
  });

  it('starts everything in order: databases, schema, server, namespace, migrations, then the apps', () => {
    expect(dependsOn('temporal-schema')).toEqual({ 'temporal-db': 'service_healthy' });
    expect(dependsOn('temporal')).toEqual({ 'temporal-schema': 'service_completed_successfully' });
    expect(dependsOn('temporal-namespace')).toEqual({ temporal: 'service_started' });
    expect(dependsOn('temporal-ui')).toEqual({ 'temporal-namespace': 'service_completed_successfully' });
    expect(dependsOn('migrate')).toEqual({ postgres: 'service_healthy' });
    for (const app of ['api', 'worker']) {
      expect(dependsOn(app)).toMatchObject({
        migrate: 'service_completed_successfully',
        'temporal-namespace': 'service_completed_successfully',
      });
    }
    expect(services['temporal-db'].healthcheck).toBeDefined();
    expect(services.postgres.healthcheck).toBeDefined();
  });

  it('sets up both Temporal databases with the postgres12 plugin and sets the shard count', () => {
    const script = (services['temporal-schema'].command as string[]).join(' ');
    expect(script).toMatch(/temporal-sql-tool --plugin postgres12/);
    expect(script).toMatch(/setup-schema -v 0\.0/);
    expect(script).toMatch(/update-schema -d/);
    expect(script).toMatch(/temporal:temporal temporal_visibility:visibility/);
    expect(services.temporal.environment).toMatchObject({ DB: 'postgres12', DBNAME: 'temporal', VISIBILITY_DBNAME: 'temporal_visibility' });
    expect(Number(services.temporal.environment.NUM_HISTORY_SHARDS)).toBeGreaterThan(0);
  });

  it("creates the apps' namespace and every search attribute the workflows register", () => {
    const script = (services['temporal-namespace'].command as string[]).join(' ');
    const namespace = services['temporal-namespace'].environment.NAMESPACE as string;
    expect(namespace).toBe(services.api.environment.TEMPORAL_NAMESPACE);
    expect(namespace).toBe(services.worker.environment.TEMPORAL_NAMESPACE);
    expect(script).toMatch(/temporal operator namespace create/);
    for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_REGISTRATION)) expect(script).toContain(`${name}:${type}`);
    expect(services['temporal-ui'].environment.TEMPORAL_CODEC_ENDPOINT).toMatch(/\/codec$/);
  });

  it('pins every image, and Temporal server and admin-tools to one 1.29.x version', () => {
    const images = Object.values(services)
      .map((s) => s.image as string | undefined)
      .filter((i): i is string => !!i && i !== 'closer:local');
    expect(images.length).toBeGreaterThanOrEqual(7);
    images.forEach(expectPinned);
    const temporalTags = new Set(images.filter((i) => /^temporalio\/(server|admin-tools):/.test(i)).map(imageTag));
    expect([...temporalTags]).toEqual([expect.stringMatching(/^1\.29\.\d+$/)]);
  });

  it.each(['api', 'worker'] as const)('sets every variable the %s requires, and its config loads', (app) => {
    const env = services[app].environment as Record<string, unknown>;
    for (const key of required(app)) expect({ key, set: key in env }).toEqual({ key, set: true });
    const filled = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v)]));
    expect(() => loadConfig(filled, NEEDS[app])).not.toThrow();
  });

  it('the API healthcheck asks /health on the API port', () => {
    expect(services.api.ports).toEqual(['3000:3000']);
    expect(JSON.stringify(services.api.healthcheck.test)).toContain('127.0.0.1:3000/health');
  });
});

describe('deploy/helm/temporal-values.yaml', () => {
  const values = parse(read('deploy/helm/temporal-values.yaml')) as Doc;

  it('puts both stores on PostgreSQL through postgres12 and turns off what Closer does not use', () => {
    const persistence = values.server.config.persistence as Doc;
    for (const store of ['default', 'visibility']) {
      expect(persistence[store].driver).toBe('sql');
      expect(persistence[store].sql.driver).toBe('postgres12');
    }
    expect(persistence.default.sql.database).not.toBe(persistence.visibility.sql.database);
    expect(Number(values.server.config.numHistoryShards)).toBeGreaterThan(0);
    expect(values.schema).toMatchObject({ setup: { enabled: true }, update: { enabled: true } });
    for (const off of ['cassandra', 'elasticsearch', 'prometheus', 'grafana', 'mysql', 'postgresql'])
      expect(values[off].enabled).toBe(false);
  });

  it('pins server and admin-tools to the 1.29 line the compose stack uses', () => {
    const compose = parse(read('docker/compose.yml'), { merge: true }) as Doc;
    expect(values.server.image.tag).toMatch(/^1\.29\.\d+$/);
    expect(values.admintools.image.tag).toBe(values.server.image.tag);
    expect(`temporalio/server:${values.server.image.tag}`).toBe(compose.services.temporal.image);
    expectPinned(`temporalio/ui:${values.web.image.tag}`);
  });
});

describe('deploy/k8s', () => {
  const dir = join(root, 'deploy', 'k8s');
  const docs: Doc[] = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => {
        expect(d.errors).toEqual([]);
        return d.toJS() as Doc;
      }),
    );
  const find = (kind: string, name: string): Doc => {
    const doc = docs.find((d) => d.kind === kind && d.metadata?.name === name);
    if (!doc) throw new Error(`no ${kind} ${name} in deploy/k8s`);
    return doc;
  };
  const container = (deployment: Doc): Doc => deployment.spec.template.spec.containers[0] as Doc;

  /** The environment a Deployment's container sees: its envFrom ConfigMaps and Secrets, then env. */
  function envOf(deployment: Doc): { env: Record<string, string>; secretKeys: Set<string> } {
    const c = container(deployment);
    const env: Record<string, string> = {};
    const secretKeys = new Set<string>();
    for (const from of (c.envFrom ?? []) as Doc[]) {
      if (from.configMapRef) Object.assign(env, find('ConfigMap', from.configMapRef.name).data);
      if (from.secretRef) {
        const s = find('Secret', from.secretRef.name);
        for (const [k, v] of Object.entries({ ...s.data, ...s.stringData })) {
          env[k] = String(v);
          secretKeys.add(k);
        }
      }
    }
    for (const e of (c.env ?? []) as Doc[]) env[e.name] = String(e.value ?? '');
    return { env, secretKeys };
  }

  it('has the Deployments, the API Service, a ConfigMap and a Secret template', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual(
      [
        'ConfigMap/closer-config',
        'Deployment/closer-api',
        'Deployment/closer-worker',
        'Secret/closer-secrets',
        'Service/closer-api',
      ].sort(),
    );
    expect(find('Deployment', 'closer-api').spec.replicas).toBe(2);
    expect(find('Deployment', 'closer-worker').spec.replicas).toBe(2);
    expect(docs.some((d) => d.kind === 'Service' && d.spec.selector['app.kubernetes.io/name'] === 'closer-worker')).toBe(false);
  });

  it('keeps secrets in the Secret as placeholders, never in the ConfigMap', () => {
    const secret = find('Secret', 'closer-secrets');
    const config = find('ConfigMap', 'closer-config');
    for (const key of ['PAYLOAD_KEYS', 'CHILD_REFERENCE_KEY', 'OIDC_CLIENT_SECRET', 'SESSION_SECRET', 'DATABASE_URL']) {
      expect(secret.stringData[key]).toContain('CHANGE-ME');
      expect(config.data[key]).toBeUndefined();
    }
  });

  it.each([
    ['api', 'closer-api'],
    ['worker', 'closer-worker'],
  ] as const)('sets every variable the %s requires, and its config loads', (app, name) => {
    const { env, secretKeys } = envOf(find('Deployment', name));
    for (const key of required(app)) expect({ key, set: key in env }).toEqual({ key, set: true });
    const filled = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, secretKeys.has(k) ? (SAMPLE_SECRETS[k] ?? v) : v]));
    expect(() => loadConfig(filled, NEEDS[app])).not.toThrow();
  });

  it('probes the API at /health on the port it listens on; the Service targets that port', () => {
    const api = find('Deployment', 'closer-api');
    const c = container(api);
    const port = Number(envOf(api).env.API_PORT ?? 3000);
    expect(c.ports.map((p: Doc) => p.containerPort)).toContain(port);
    for (const probe of [c.readinessProbe, c.livenessProbe]) expect(probe.httpGet).toEqual({ path: '/health', port });
    expect(find('Service', 'closer-api').spec.ports[0].targetPort).toBe(port);
    expect(c.resources.requests).toBeDefined();
  });

  it('pins the app image and gives the worker no HTTP probe (it serves no port)', () => {
    for (const name of ['closer-api', 'closer-worker']) expectPinned(container(find('Deployment', name)).image as string);
    const worker = container(find('Deployment', 'closer-worker'));
    expect(worker.ports).toBeUndefined();
    expect(worker.livenessProbe?.httpGet).toBeUndefined();
    expect(worker.resources.requests).toBeDefined();
  });
});
