/** A process declared in code (flows/): the same schema as one saved as data; validated and saved at start-up when it changed. */
export function defineProcess(document) {
    return Object.freeze(document);
}
/** Saves each process declared in code whose document differs from its head (a new version), through `service.upsert`. */
export async function upsertProcesses(service, processes) {
    const out = [];
    for (const doc of processes)
        out.push({ name: doc.name, saved: (await service.upsert(doc, 'flows/')).saved });
    return out;
}
