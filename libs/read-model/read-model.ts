import type { DataSource } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { AuditRepository } from './audit.repository';
import { CaseEventsRepository } from './case-events.repository';
import { CasesRepository } from './cases.repository';
import { DatabaseRepository } from './database.repository';
import type { Db } from './db';
import { DeadLettersRepository } from './dead-letters.repository';
import { FamiliesRepository } from './families.repository';
import { MailOutboxRepository } from './mail-outbox.repository';
import { MeasuresRepository } from './measures.repository';
import { NotificationsRepository } from './notifications.repository';
import { OrganisationRepository } from './organisation.repository';
import { TasksRepository } from './tasks.repository';
import { WorkListsRepository } from './work-lists.repository';

/** Every repository of the read model: each is built on a Db, and nothing else. */
export const REPOSITORIES = [
  AuditRepository,
  CaseEventsRepository,
  CasesRepository,
  DatabaseRepository,
  DeadLettersRepository,
  FamiliesRepository,
  MailOutboxRepository,
  MeasuresRepository,
  NotificationsRepository,
  OrganisationRepository,
  TasksRepository,
  WorkListsRepository,
] as const;

export type RepositoryClass<T> = new (db: Db) => T;

/**
 * The read model (PostgreSQL) as its repositories: every SQL statement outside the migrations is
 * in one of them (libs/read-model/*.repository.ts). One ReadModel reads and writes through one Db:
 * the data source's (each statement on its own) or, inside `transaction`, the transaction's, which
 * every repository of that ReadModel shares: what is written in one step commits together.
 */
export class ReadModel {
  private readonly built = new Map<RepositoryClass<unknown>, unknown>();

  constructor(private readonly db: Db) {}

  static of(dataSource: DataSource): ReadModel {
    return new ReadModel(dataSource.manager);
  }

  /** The repository of this ReadModel's Db (one instance each). */
  repository<T>(type: RepositoryClass<T>): T {
    let found = this.built.get(type) as T | undefined;
    if (!found) {
      found = new type(this.db);
      this.built.set(type, found);
    }
    return found;
  }

  get audit(): AuditRepository {
    return this.repository(AuditRepository);
  }
  get caseEvents(): CaseEventsRepository {
    return this.repository(CaseEventsRepository);
  }
  get cases(): CasesRepository {
    return this.repository(CasesRepository);
  }
  get database(): DatabaseRepository {
    return this.repository(DatabaseRepository);
  }
  get deadLetters(): DeadLettersRepository {
    return this.repository(DeadLettersRepository);
  }
  get families(): FamiliesRepository {
    return this.repository(FamiliesRepository);
  }
  get mailOutbox(): MailOutboxRepository {
    return this.repository(MailOutboxRepository);
  }
  get measures(): MeasuresRepository {
    return this.repository(MeasuresRepository);
  }
  get notifications(): NotificationsRepository {
    return this.repository(NotificationsRepository);
  }
  get organisation(): OrganisationRepository {
    return this.repository(OrganisationRepository);
  }
  get tasks(): TasksRepository {
    return this.repository(TasksRepository);
  }
  get workLists(): WorkListsRepository {
    return this.repository(WorkListsRepository);
  }

  /**
   * Runs `fn` in one transaction: committed when it returns, rolled back when it throws.
   * `readOnly` with REPEATABLE READ gives one consistent snapshot for a read of many parts.
   */
  transaction<T>(fn: (tx: ReadModel) => Promise<T>, options: { isolation?: IsolationLevel; readOnly?: boolean } = {}): Promise<T> {
    const run = async (em: Db) => {
      const tx = new ReadModel(em);
      if (options.readOnly) await tx.database.readOnly();
      return fn(tx);
    };
    return options.isolation ? this.db.transaction(options.isolation, run) : this.db.transaction(run);
  }
}
