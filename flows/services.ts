import type { HttpClient } from '../lib/engine/actions/http.js';
import type { Mailer } from '../lib/engine/mail.js';

/**
 * The side effects the example flows reach, given where the automations are registered
 * (lib/app/runtime.ts from `services` below; fakes in tests through createTestEnvironment).
 */
export interface FlowServices {
  /** Mail (SES deployed, the local SES locally; logged, not sent, when neither is configured). */
  mailer: Mailer;
  /** HTTP to the hosts on the allowlist only (ATM_HTTP_ALLOWED_HOSTS), as the http action. */
  http: HttpClient;
}
