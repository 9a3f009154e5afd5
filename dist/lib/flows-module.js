/** Checks a loaded flows module; the error names the module and what is wrong. */
export function checkFlowsModule(loaded, where) {
    const module = loaded;
    if (!Array.isArray(module.automations))
        throw new Error(`${where} does not export an array named automations`);
    if (module.automations.some((a) => typeof a !== 'function'))
        throw new Error(`${where}: every entry of automations must be an Automation class`);
    if (module.actions !== undefined && !Array.isArray(module.actions))
        throw new Error(`${where}: actions, when exported, must be an array`);
    if (module.processes !== undefined && !Array.isArray(module.processes) && typeof module.processes !== 'function') {
        throw new Error(`${where}: processes, when exported, must be an array of process documents or a function returning one`);
    }
    return module;
}
