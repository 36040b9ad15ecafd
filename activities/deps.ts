import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { Mailer } from '../libs/mail/mailer';

/** What the worker injects into activities; tests pass real instances of the same. */
export interface ActivityDeps {
  dataSource: DataSource;
  mailer: Mailer;
  mailFrom: string;
  /** Where people open Closer: links in notification mails (`${publicUrl}/cases/<id>`). */
  publicUrl?: string;
  /** The task queue whose outbox relay sends the notifications these activities write. */
  relayQueue?: string;
  /** For activities that send commands to other workflows (handovers). */
  temporal?: Client;
}
