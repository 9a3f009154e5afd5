import type { Mailer } from '../engine/mail.js';
import { type ReceivedMail } from './ses-local.js';
/** The sender the local stack uses when ATM_MAIL_FROM is not set. */
export declare const LOCAL_MAIL_FROM = "Automations (local) <automations@local.example>";
export interface LocalMail {
    /** The SES endpoint, and at `/` the mail viewer. */
    endpoint: string;
    viewerUrl: string;
    /** The SES mailer pointing at the local server (what the deployment uses, at another endpoint). */
    mailer: Mailer;
    received(): Promise<ReceivedMail[]>;
    stop(): Promise<void>;
}
/**
 * Local SES for the local stack: aws-ses-v2-local on a free port, and this process's SES
 * settings pointing at it (AWS_ENDPOINT_URL_SESV2, and ATM_MAIL_FROM unless set), so every
 * mailer made from the environment (sesMailerFromEnv) sends there. stop() stops the server
 * and puts the two variables back as they were.
 */
export declare function startLocalMail(env?: NodeJS.ProcessEnv): Promise<LocalMail>;
