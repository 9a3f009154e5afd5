import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { WorkerJob } from '../app/jobs.js';
import { clientConfig } from './aws-clients.js';

export const createLambdaClient = () => new LambdaClient(clientConfig('LAMBDA'));

/** Starts the worker function with the job, asynchronously (an Event invoke: Lambda queues it and retries it). */
export async function invokeWorker(client: LambdaClient, functionName: string, job: WorkerJob): Promise<void> {
  await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(job)) }));
}
