import { Injectable } from '@nestjs/common';
import { DatabaseRepository } from '../../../../libs/read-model/database.repository';

/** What /health asks of the read model. */
@Injectable()
export class HealthService {
  constructor(private readonly database: DatabaseRepository) {}

  /** Resolves when PostgreSQL answers. */
  pingDatabase(): Promise<void> {
    return this.database.ping();
  }
}
