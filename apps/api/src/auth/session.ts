import type { INestApplication } from '@nestjs/common';
import session from 'express-session';
import type { Config } from '../../../../libs/config/config';
import { sessionStore } from '../../../../libs/read-model/sessions.repository';
import type { PendingLogin } from './oidc.service';

declare module 'express-session' {
  interface SessionData {
    /** Between /auth/login and /auth/callback. */
    pendingLogin?: PendingLogin;
    /** The signed-in person: the provider's subject and the claims Closer may map roles from. */
    login?: { subject: string; claims: Record<string, unknown>; idToken?: string; at: string };
  }
}

export const SESSION_COOKIE = 'closer.sid';

/**
 * Browser sessions: an httpOnly cookie (Secure outside dev, SameSite=Lax so the provider's redirect
 * back carries it) naming a session row in PostgreSQL, so API processes can scale out.
 */
export function useSessions(app: INestApplication, config: Config): () => Promise<void> {
  const auth = config.auth!;
  const { store, close } = sessionStore(session, config.databaseUrl);
  if (auth.secureCookies) (app.getHttpAdapter().getInstance() as { set(k: string, v: unknown): void }).set('trust proxy', 1);
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: auth.sessionSecrets,
      store,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, secure: auth.secureCookies, sameSite: 'lax', maxAge: auth.sessionIdleMinutes * 60_000 },
    }),
  );
  return close;
}
