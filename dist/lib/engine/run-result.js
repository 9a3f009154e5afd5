export {};
//# sourceMappingURL=run-result.js.map