import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from '../codec/aes-gcm-payload-codec';
import type { Config } from '../config/config';

/** The one data converter of client and worker: every payload encrypted, failures included. */
export function createDataConverter(config: Pick<Config, 'payloadKeys' | 'activePayloadKeyId'>): DataConverter {
  return {
    payloadCodecs: [new AesGcmPayloadCodec(config.payloadKeys, config.activePayloadKeyId)],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}
