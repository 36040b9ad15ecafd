import type { Provider } from '@nestjs/common';
import type { Config } from '../../../libs/config/config';
import { CONFIG } from '../../../libs/config/config.module';
import { createSmtpMailer } from '../../../libs/mail/mailer';

export const MAILER = Symbol('MAILER');

export const mailerProvider: Provider = {
  provide: MAILER,
  inject: [CONFIG],
  useFactory: (config: Config) => createSmtpMailer(config.smtpUrl!),
};
