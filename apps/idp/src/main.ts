import express from 'express';
import type { Server } from 'node:http';
import { IdpSettingsError, loadIdpSettings } from './idp-settings';
import { interactionRoutes } from './interactions';
import { DEFAULT_LOGIN_THROTTLE } from './login-throttle';
import { createProvider } from './provider-config';

/**
 * The local OpenID provider of the dev stack and the tests: a certified implementation
 * (oidc-provider) with the demo organisation's users, so Closer logs in through the same OpenID
 * Connect code path as against a municipality's provider. State (sessions, codes) lives in memory.
 */
async function main(): Promise<void> {
  let settings;
  try {
    settings = loadIdpSettings();
  } catch (err) {
    if (err instanceof IdpSettingsError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const provider = createProvider(settings);
  provider.on('server_error', (_ctx, err) => console.error('OpenID provider error:', err.message));
  // Why a client's request was refused, for whoever is wiring up a client; never personal data.
  const on = provider.on.bind(provider) as (
    event: string,
    listener: (ctx: unknown, err: Error & { error_description?: string; error_detail?: string }) => void,
  ) => void;
  for (const event of ['authorization.error', 'grant.error', 'end_session.error', 'introspection.error', 'revocation.error']) {
    on(event, (_ctx, err) =>
      console.warn(
        `${event}: ${err.message}${err.error_description ? `: ${err.error_description}` : ''}${err.error_detail ? ` (${err.error_detail})` : ''}`,
      ),
    );
  }

  const app = express();
  app.disable('x-powered-by');
  app.use(interactionRoutes(provider, { ...DEFAULT_LOGIN_THROTTLE, maxDelayMs: settings.loginMaxDelayMs }));
  app.use(provider.callback());

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(settings.port, settings.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  console.log(`OpenID provider listening on ${settings.issuer} (discovery at ${settings.issuer}/.well-known/openid-configuration)`);

  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error('The OpenID provider failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
