import * as z from 'zod';
import { type DeliveryRecord } from '../../lib/aws/inbox.js';
import { type RouteModule } from './route.js';
declare const DeliveryView: z.ZodObject<{
    id: z.ZodString;
    key: z.ZodString;
    source: z.ZodEnum<{
        webhook: "webhook";
        event: "event";
    }>;
    status: z.ZodEnum<{
        pending: "pending";
        applied: "applied";
        dead: "dead";
    }>;
    automation: z.ZodString;
    message: z.ZodNullable<z.ZodString>;
    to: z.ZodUnknown;
    attempts: z.ZodNumber;
    lastError: z.ZodNullable<z.ZodString>;
    acceptedAt: z.ZodString;
    updatedAt: z.ZodString;
    nextAttemptAt: z.ZodNullable<z.ZodString>;
    appliedAt: z.ZodNullable<z.ZodString>;
    outcome: z.ZodNullable<z.ZodObject<{
        instanceId: z.ZodNullable<z.ZodString>;
        deliveries: z.ZodNumber;
        duplicate: z.ZodBoolean;
    }, z.core.$strip>>;
    data: z.ZodUnknown;
}, z.core.$strip>;
export declare function deliveryView(r: DeliveryRecord): z.infer<typeof DeliveryView>;
/**
 * The inbox for operators (API token): what is still pending, what ended as a dead letter and
 * why, and a re-drive. Webhooks and events land here (lambdas/shared/deliveries.ts).
 */
export declare const deliveryRoutes: RouteModule;
export {};
