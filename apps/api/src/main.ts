import { Logger } from '@nestjs/common';
import { configOrExit } from '../../../libs/config/start';
import { createApiApp } from './app';

async function main(): Promise<void> {
  const config = configOrExit({ intake: true, auth: true });
  const app = await createApiApp(config);
  await app.listen(config.apiPort, '0.0.0.0');
  new Logger('Closer API').log(`listening on http://localhost:${config.apiPort} (docs at /docs)`);
}

main().catch((err: unknown) => {
  console.error('The API failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
