import { type RouteModule } from './route.js';
export declare function isLoopbackHost(host: string | undefined): boolean;
export declare function isLoopbackOrigin(origin: string): boolean;
export declare const devAuthRoutes: RouteModule;
