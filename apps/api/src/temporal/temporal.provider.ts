import type { Provider } from '@nestjs/common';
import type { Config } from '../../../../libs/config/config';
import { CONFIG } from '../../../../libs/config/config.module';
import { createTemporalClient } from '../../../../libs/temporal/temporal-client';

/** The Temporal client's injection token: only the gateway (temporal.gateway.ts) injects it. */
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

export const temporalClientProvider: Provider = {
  provide: TEMPORAL_CLIENT,
  inject: [CONFIG],
  useFactory: (config: Config) => createTemporalClient(config),
};
