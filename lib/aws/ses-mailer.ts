import { createHash } from 'node:crypto';
import { SendEmailCommand, SESv2Client, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { checkMail, isEmailAddress, type Mail, type Mailer } from '../engine/mail.js';
import { clientConfig } from './aws-clients.js';
import { MAIL_ENV } from './env.js';

export { MAIL_ENV };

/** The header that carries a mail's idempotency key (visible to recipients' systems and in aws-ses-v2-local's store). */
export const IDEMPOTENCY_HEADER = 'X-Automations-Idempotency-Key';
/** The SES message tag carrying the key (in SES event publishing: bounces, deliveries, complaints). */
export const IDEMPOTENCY_TAG = 'automations-idempotency-key';

export interface SesMailerOptions {
  from: string;
  configurationSet?: string;
  client?: SESv2Client;
}

/** The bare address of `Name <address>` or `address`. */
function addressOf(from: string): string {
  const match = /<([^<>]+)>\s*$/.exec(from);
  return (match ? match[1]! : from).trim();
}

/**
 * SES tag values allow only ASCII letters, digits, `_ - . @` and at most 256 characters: a
 * key that fits is sent as it is, any other as `sha256-<hex>` (the header keeps it verbatim).
 */
export function tagValueOf(key: string): string {
  return /^[A-Za-z0-9_.@-]{1,256}$/.test(key) ? key : `sha256-${createHash('sha256').update(key).digest('hex')}`;
}

/**
 * A Mailer on Amazon SES v2 (SendEmail, simple content, UTF-8 subject and bodies). SES has no
 * idempotent send: a retried call sends the mail again, so delivery is at least once. The
 * idempotency key is attached as the X-Automations-Idempotency-Key header and the
 * automations-idempotency-key tag, so duplicates can be recognised; callers that must not
 * send twice record the key after a successful send and skip it when they retry.
 */
export class SesMailer implements Mailer {
  readonly #client: SESv2Client;
  readonly #from: string;
  readonly #configurationSet: string | undefined;

  constructor(options: SesMailerOptions) {
    if (!isEmailAddress(addressOf(options.from))) throw new Error(`The sender "${options.from}" is not an e-mail address (set ${MAIL_ENV.from})`);
    this.#from = options.from;
    this.#configurationSet = options.configurationSet;
    this.#client = options.client ?? createSesClient();
  }

  async send(mail: Mail): Promise<{ messageId: string }> {
    checkMail(mail);
    const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });
    const response = await this.#client.send(
      new SendEmailCommand({
        FromEmailAddress: this.#from,
        Destination: { ToAddresses: [...mail.to] },
        Content: {
          Simple: {
            Subject: utf8(mail.subject),
            Body: { Text: utf8(mail.text), ...(mail.html !== undefined ? { Html: utf8(mail.html) } : {}) },
            Headers: [{ Name: IDEMPOTENCY_HEADER, Value: mail.idempotencyKey.replace(/[\r\n]/g, ' ').slice(0, 900) }],
          },
        },
        EmailTags: [{ Name: IDEMPOTENCY_TAG, Value: tagValueOf(mail.idempotencyKey) }],
        ...(this.#configurationSet ? { ConfigurationSetName: this.#configurationSet } : {}),
      }),
    );
    if (!response.MessageId) throw new Error('SES accepted the mail but returned no MessageId');
    return { messageId: response.MessageId };
  }
}

/**
 * An SES v2 client. The endpoint comes from `config.endpoint`, else AWS_ENDPOINT_URL_SESV2 or
 * AWS_ENDPOINT_URL of `env` (the SDK's own names), else the regional endpoint; against an endpoint on
 * this machine (aws-ses-v2-local) a region and placeholder credentials are filled in.
 */
export function createSesClient(config: SESv2ClientConfig = {}, env: NodeJS.ProcessEnv = process.env): SESv2Client {
  const endpoint = typeof config.endpoint === 'string' ? config.endpoint : config.endpoint === undefined ? (env.AWS_ENDPOINT_URL_SESV2 ?? env.AWS_ENDPOINT_URL) : undefined;
  const local = clientConfig('SESV2', { ...env, ...(endpoint ? { AWS_ENDPOINT_URL_SESV2: endpoint } : {}) });
  return new SESv2Client({ ...local, maxAttempts: 4, ...(endpoint ? { endpoint } : {}), ...config });
}

/** The deployment's mailer from ATM_MAIL_FROM (and ATM_MAIL_CONFIGURATION_SET); null when no sender is configured. */
export function sesMailerFromEnv(env: NodeJS.ProcessEnv = process.env, client?: SESv2Client): SesMailer | null {
  const from = env[MAIL_ENV.from];
  if (!from) return null;
  const configurationSet = env[MAIL_ENV.configurationSet];
  return new SesMailer({ from, ...(configurationSet ? { configurationSet } : {}), client: client ?? createSesClient({}, env) });
}
