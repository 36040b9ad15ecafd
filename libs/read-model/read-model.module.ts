import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReadModel, REPOSITORIES, type RepositoryClass } from './read-model';

/**
 * Makes the read model injectable in an app that has TypeORM's DataSource: `ReadModel` (for
 * transactions over several repositories) and each repository on its own.
 */
@Module({})
export class ReadModelModule {
  static forRoot(): DynamicModule {
    const providers: Provider[] = [
      { provide: ReadModel, inject: [DataSource], useFactory: (dataSource: DataSource) => ReadModel.of(dataSource) },
      ...REPOSITORIES.map((type: RepositoryClass<unknown>) => ({
        provide: type,
        inject: [ReadModel],
        useFactory: (readModel: ReadModel) => readModel.repository(type),
      })),
    ];
    return { module: ReadModelModule, providers, exports: [ReadModel, ...REPOSITORIES] };
  }
}
