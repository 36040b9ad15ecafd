import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // The schema only ever changes through migrations.
    synchronize: false,
    migrationsRun: false,
    // No query logging: a logged statement carries its parameters, and those are personal data.
    logging: false,
  };
}
