import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config/config';
import { createDataConverter } from './data-converter';

/**
 * A client whose connection is opened on first use, so the API starts (and can report
 * Temporal as down on /health) while the Temporal server is unreachable.
 */
export function createTemporalClient(config: Pick<Config, 'temporal' | 'payloadKeys' | 'activePayloadKeyId'>): Client {
  const connection = Connection.lazy({ address: config.temporal.address });
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter: createDataConverter(config) });
}
