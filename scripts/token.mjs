// `npm run token -- anna`: prints a bearer access token for a demo user, from the dev stack's
// OpenID provider (OIDC_ISSUER, default http://localhost:3100), for trying the API with curl:
//   curl -H "Authorization: Bearer $(npm run -s token -- anna)" http://localhost:3000/...
// It logs in through the provider's login page like a browser would (closer-cli client, PKCE).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

async function main() {
  const username = process.argv[2];
  if (!username || process.argv.length > 3 || username.startsWith('-')) {
    console.error('Usage: npm run -s token -- <username>   (a demo user, e.g. anna, sofie, hanne, lene, admin)');
    return 2;
  }
  const helpers = join(root, 'dist', 'libs', 'oidc', 'headless-login.js');
  if (!existsSync(helpers)) {
    console.error('Closer is not built yet: run `npm run build` (or `npm run dev`) first.');
    return 1;
  }
  const { passwordToken } = require(helpers);
  const { DEMO_PASSWORD } = require(join(root, 'dist', 'libs', 'organisation', 'demo-organisation.js'));
  const issuer = process.env.OIDC_ISSUER || 'http://localhost:3100';
  try {
    const { accessToken } = await passwordToken({
      issuer,
      username,
      password: process.env.CLOSER_PASSWORD || DEMO_PASSWORD,
      audience: process.env.OIDC_AUDIENCE || undefined,
    });
    process.stdout.write(`${accessToken}\n`);
    return 0;
  } catch (err) {
    const cause = err?.cause?.code === 'ECONNREFUSED' ? ` (nothing answers at ${issuer}: is \`npm run dev\` running?)` : '';
    console.error(`No token for ${username}: ${err?.message ?? err}${cause}`);
    return 1;
  }
}

process.exitCode = await main();
