import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, RunningProcess } from './processes';
import { eventually } from './test-env';

export interface CaughtMail {
  id: string;
  subject: string;
  text: string;
  to: { address: string }[];
  headers: Record<string, string>;
}

/** A real SMTP server (maildev) whose inbox the test reads over HTTP. */
export class MailCatcher {
  private constructor(
    readonly smtpPort: number,
    readonly webPort: number,
    private readonly process: RunningProcess,
  ) {}

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${this.smtpPort}`;
  }

  static async start(smtpPort?: number): Promise<MailCatcher> {
    const port = smtpPort ?? (await freePort());
    const webPort = await freePort();
    const bin = join(__dirname, '..', '..', 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js');
    const proc = new RunningProcess(
      'maildev',
      spawn(process.execPath, [bin, '--smtp', String(port), '--web', String(webPort), '--ip', '127.0.0.1', '--web-ip', '127.0.0.1'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const catcher = new MailCatcher(port, webPort, proc);
    await eventually(() => catcher.messages().then(() => true), { what: 'maildev to answer' });
    return catcher;
  }

  async messages(): Promise<CaughtMail[]> {
    const res = await fetch(`http://127.0.0.1:${this.webPort}/api/email`);
    if (!res.ok) throw new Error(`maildev answered ${res.status}`);
    return (await res.json()) as CaughtMail[];
  }

  async messagesTo(address: string): Promise<CaughtMail[]> {
    return (await this.messages()).filter((m) => m.to.some((t) => t.address === address));
  }

  stop(): Promise<void> {
    return this.process.stop();
  }
}
