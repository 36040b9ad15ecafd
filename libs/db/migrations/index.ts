import { InitialSchema1763830000000 } from './1763830000000-initial-schema';

/** Listed by class, not by glob, so the same list works from TypeScript sources and from dist/. */
export const MIGRATIONS = [InitialSchema1763830000000];
