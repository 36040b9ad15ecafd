import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../db/data-source-options';
import { ReadModel, REPOSITORIES, type RepositoryClass } from './read-model';

/**
 * The read model in an app: TypeORM's connection pool (retried while PostgreSQL starts), and
 * injectable `ReadModel` (for transactions over several repositories) and each repository.
 */
@Module({})
export class ReadModelModule {
  static forRoot(databaseUrl: string): DynamicModule {
    const providers: Provider[] = [
      { provide: ReadModel, inject: [DataSource], useFactory: (dataSource: DataSource) => ReadModel.of(dataSource) },
      ...REPOSITORIES.map((type: RepositoryClass<unknown>) => ({
        provide: type,
        inject: [ReadModel],
        useFactory: (readModel: ReadModel) => readModel.repository(type),
      })),
    ];
    return {
      module: ReadModelModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl), retryAttempts: 5, retryDelay: 2000 })],
      providers,
      exports: [ReadModel, ...REPOSITORIES],
    };
  }
}
