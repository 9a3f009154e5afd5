/** Keeps published events in memory (tests, the local stack); `unique()` drops republications. */
export class MemoryWorkflowEvents {
    published = [];
    async publish(event) {
        this.published.push(structuredClone(event));
    }
    unique() {
        const seen = new Set();
        return this.published.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
    }
}
