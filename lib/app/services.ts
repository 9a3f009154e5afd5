import { createHttpClient, type HttpActionConfig, type HttpClient } from '../engine/actions/http.js';
import type { ActionLogger } from '../engine/actions/registry.js';
import { checkMail, type Mail, type Mailer } from '../engine/mail.js';

/**
 * The services every deployment gives flows (`task.services`), built by the composition root
 * from what the platform has: SES or the local SES for mail, the HTTP allowlist for requests.
 * A flows module may add its own (a database client) with `services(platform)`.
 */
export interface PlatformServices {
  mailer: Mailer;
  http: HttpClient;
}

/** What a flows module may export as `services`: its flows' services, built from the platform's. */
export type ServicesFactory = (platform: PlatformServices) => object;

/** Mail when no mailer is configured (no ATM_MAIL_FROM deployed, no local SES): checked and logged, not sent. */
export class UnsentMailer implements Mailer {
  constructor(private readonly logger: ActionLogger) {}

  async send(mail: Mail): Promise<{ messageId: string }> {
    checkMail(mail);
    this.logger.warn('No mailer is configured (ATM_MAIL_FROM): a mail was logged, not sent', { to: mail.to, subject: mail.subject, idempotencyKey: mail.idempotencyKey });
    return { messageId: `unsent-${mail.idempotencyKey}` };
  }
}

export function platformServices(options: { mailer?: Mailer | undefined; http: HttpActionConfig; logger: ActionLogger }): PlatformServices {
  return { mailer: options.mailer ?? new UnsentMailer(options.logger), http: createHttpClient(options.http) };
}

/** The services flows get: the flows module's own (from `services`), or the platform's. */
export function flowServices(platform: PlatformServices, factory?: ServicesFactory): object {
  return factory ? factory(platform) : platform;
}
