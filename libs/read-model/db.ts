import type { EntityManager } from 'typeorm';

/**
 * What a repository reads and writes through: the data source's own manager (each statement on its
 * own), or the manager of a transaction that several repositories share (ReadModel.transaction).
 */
export type Db = EntityManager;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids come from workflows and requests and are not always uuids (older cases carry free-text
 * coordinator names): one that cannot be a uuid is never sent to PostgreSQL as one, which would
 * refuse it and abort the caller's transaction.
 */
export const isUuid = (id: unknown): id is string => typeof id === 'string' && UUID.test(id);
