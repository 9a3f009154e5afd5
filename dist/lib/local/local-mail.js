import { createSesClient, MAIL_ENV, SesMailer } from '../aws/ses-mailer.js';
import { startSesLocal } from './ses-local.js';
/** The sender the local stack uses when ATM_MAIL_FROM is not set. */
export const LOCAL_MAIL_FROM = 'Automations (local) <automations@local.example>';
/**
 * Local SES for the local stack: aws-ses-v2-local on a free port, and this process's SES
 * settings pointing at it (AWS_ENDPOINT_URL_SESV2, and ATM_MAIL_FROM unless set), so every
 * mailer made from the environment (sesMailerFromEnv) sends there. stop() stops the server
 * and puts the two variables back as they were.
 */
export async function startLocalMail(env = process.env) {
    const ses = await startSesLocal();
    const saved = { endpoint: env.AWS_ENDPOINT_URL_SESV2, from: env[MAIL_ENV.from] };
    env.AWS_ENDPOINT_URL_SESV2 = ses.endpoint;
    env[MAIL_ENV.from] ??= LOCAL_MAIL_FROM;
    const from = env[MAIL_ENV.from];
    const client = createSesClient({ endpoint: ses.endpoint }, env);
    let stopped = false;
    return {
        endpoint: ses.endpoint,
        viewerUrl: `${ses.endpoint}/`,
        mailer: new SesMailer({ from, client }),
        received: () => ses.received(),
        async stop() {
            if (stopped)
                return;
            stopped = true;
            client.destroy();
            if (env.AWS_ENDPOINT_URL_SESV2 === ses.endpoint) {
                if (saved.endpoint === undefined)
                    delete env.AWS_ENDPOINT_URL_SESV2;
                else
                    env.AWS_ENDPOINT_URL_SESV2 = saved.endpoint;
            }
            if (saved.from === undefined && env[MAIL_ENV.from] === LOCAL_MAIL_FROM)
                delete env[MAIL_ENV.from];
            await ses.stop();
        },
    };
}
