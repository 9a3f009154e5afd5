/**
 * aws-ses-v2-local (npm, dev dependency) as a child of this process: a local SES v2 server the
 * SDK sends to unchanged, with a mail viewer at its root URL and the received mails as JSON at
 * GET /store. Started like DynamoDB Local: through `sh` holding a stdin pipe, so the server
 * stops when this process stops it, exits or dies (even by SIGKILL).
 */
export interface ReceivedMail {
    messageId: string;
    from: string;
    replyTo: string[];
    destination: {
        to: string[];
        cc: string[];
        bcc: string[];
    };
    subject: string;
    body: {
        html?: string;
        text?: string;
    };
    headers?: {
        name: string;
        value: string;
    }[];
    /** Epoch seconds. */
    at: number;
}
export interface SesLocal {
    /** The SES endpoint for the SDK (AWS_ENDPOINT_URL_SESV2), which is also the mail viewer's URL. */
    endpoint: string;
    port: number;
    /** Every mail received so far, oldest first. */
    received(): Promise<ReceivedMail[]>;
    /** Forgets the received mails. */
    clear(): Promise<void>;
    stop(): Promise<void>;
}
export interface SesLocalOptions {
    /** Port to listen on; a free one when omitted. */
    port?: number;
    /** Milliseconds to wait for the server to answer (default 15 s). */
    startTimeoutMs?: number;
}
/** Starts aws-ses-v2-local on a free loopback port and resolves once it answers. */
export declare function startSesLocal(options?: SesLocalOptions): Promise<SesLocal>;
