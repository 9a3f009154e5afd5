export {};
//# sourceMappingURL=workflow-surface.js.map