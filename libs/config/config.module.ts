import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Config } from './config';

export const CONFIG = Symbol('CONFIG');

/** Makes the validated config injectable (`@Inject(CONFIG) config: Config`) in both apps. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Config): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: CONFIG, useValue: config }], exports: [CONFIG] };
  }
}
