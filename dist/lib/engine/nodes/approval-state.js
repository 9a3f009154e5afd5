export {};
//# sourceMappingURL=approval-state.js.map