import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { slowDown } from 'express-slow-down';

/**
 * Guessing passwords is made slow, then stopped. Only failed logins count (a successful one is
 * taken back off the counter). Per username: the first 3 failures in 15 minutes answer at once,
 * each one after that waits longer (500 ms, doubling, up to `maxDelayMs`) before the answer, and
 * from the 11th attempt the username is refused with 429 until the 15 minutes are over. Per client
 * IP the same, but only after 10 failures, locked after 50: colleagues behind one office address
 * mistype too, and a spray over many usernames from one address is still slowed down.
 */
export interface LoginThrottleSettings {
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  perUsername: { freeFailures: number; lockAfter: number };
  perIp: { freeFailures: number; lockAfter: number };
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleSettings = {
  windowMs: 15 * 60_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  perUsername: { freeFailures: 3, lockAfter: 10 },
  perIp: { freeFailures: 10, lockAfter: 50 },
};

/** The username a login attempt is for, as the throttle counts it. */
export function attemptedUsername(req: Request): string {
  const raw: unknown = (req.body as Record<string, unknown> | undefined)?.username;
  return typeof raw === 'string' ? raw.trim().toLowerCase().slice(0, 100) : '';
}

const clientIp = (req: Request) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');

/**
 * Middleware for the login form's POST, in order: the two locks (answer 429 at once), then the two
 * delays. It expects the body to be parsed already.
 */
export function loginThrottle(settings: LoginThrottleSettings, onLocked: (req: Request, res: Response) => void): RequestHandler[] {
  const common = {
    windowMs: settings.windowMs,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
  };
  const lock = (name: string, limit: number, keyGenerator: (req: Request) => string) =>
    rateLimit({ ...common, identifier: name, limit, keyGenerator, handler: (req, res) => onLocked(req, res) });
  const delay = (freeFailures: number, keyGenerator: (req: Request) => string) =>
    slowDown({
      ...common,
      standardHeaders: false,
      delayAfter: freeFailures,
      delayMs: (used) => settings.baseDelayMs * 2 ** Math.min(used - freeFailures - 1, 20),
      maxDelayMs: settings.maxDelayMs,
      keyGenerator,
    });
  const byUsername = (req: Request) => `user:${attemptedUsername(req)}`;
  const byIp = (req: Request) => `ip:${clientIp(req)}`;
  return [
    lock('login-username', settings.perUsername.lockAfter, byUsername),
    lock('login-ip', settings.perIp.lockAfter, byIp),
    delay(settings.perUsername.freeFailures, byUsername),
    delay(settings.perIp.freeFailures, byIp),
  ];
}
