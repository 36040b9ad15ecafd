import { Client, Connection } from '@temporalio/client';
import { createDataConverter } from '../../libs/temporal/data-converter';
import { testConfig, testEnv } from './test-env';

/**
 * A client as the apps have it (payloads encrypted), or raw (what the server stores, as is); on the
 * Temporal server `npm test` started, or the one at `address`.
 */
export async function temporalClient({ raw = false, address }: { raw?: boolean; address?: string } = {}): Promise<Client> {
  const connection = await Connection.connect({ address: address ?? testEnv().temporalAddress });
  return new Client({ connection, dataConverter: raw ? undefined : createDataConverter(testConfig()) });
}
