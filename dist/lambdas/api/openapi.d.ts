import type { RouteModule } from './route.js';
export declare const OPENAPI_PATH = "/openapi.json";
export declare const WEBHOOK_ROUTE: {
    readonly method: "POST";
    readonly path: "/webhooks/{automation}/{message}";
};
/** The OpenAPI 3.1 document of the API built from these route modules (docs/openapi.json is this, for the core routes). */
export declare function openApiDocument(modules: readonly RouteModule[], version?: string): {
    openapi: string;
    info: {
        title: string;
        version: string;
        description: string;
    };
    servers: {
        url: string;
        description: string;
    }[];
    security: {
        bearer: never[];
    }[];
    components: {
        securitySchemes: {
            bearer: {
                type: string;
                scheme: string;
                description: string;
            };
            user: {
                type: string;
                scheme: string;
                bearerFormat: string;
                description: string;
            };
        };
    };
    paths: {
        [k: string]: Record<string, unknown>;
    };
};
