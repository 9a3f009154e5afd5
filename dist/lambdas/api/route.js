export function defineRoute(route) {
    return route;
}
//# sourceMappingURL=route.js.map