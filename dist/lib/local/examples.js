/** Data to start an automation with in the printed curl: the class's own `static example` (an object, or a function returning one), else `{}`. */
export function exampleData(cls) {
    const declared = cls.example;
    if (typeof declared === 'function')
        return declared();
    if (declared && typeof declared === 'object')
        return structuredClone(declared);
    return {};
}
