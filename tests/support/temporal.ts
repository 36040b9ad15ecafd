import { Client, Connection } from '@temporalio/client';
import { createDataConverter } from '../../libs/temporal/data-converter';
import { testConfig, testEnv } from './test-env';

/** A client as the apps have it (payloads encrypted), or raw (what the server stores, as is). */
export async function temporalClient({ raw = false } = {}): Promise<Client> {
  const connection = await Connection.connect({ address: testEnv().temporalAddress });
  return new Client({ connection, dataConverter: raw ? undefined : createDataConverter(testConfig()) });
}
