const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
export function matchesPattern(pattern, event) {
    if (!isObject(event))
        return false;
    for (const [key, rule] of Object.entries(pattern)) {
        if (key === '$or') {
            if (!Array.isArray(rule) || !rule.some((alt) => isObject(alt) && matchesPattern(alt, event)))
                return false;
            continue;
        }
        const value = event[key];
        if (isObject(rule)) {
            if (!matchesPattern(rule, isObject(value) ? value : {}))
                return false;
            continue;
        }
        if (!Array.isArray(rule))
            return false;
        if (!matchesField(rule, value, key in event))
            return false;
    }
    return true;
}
function matchesField(rules, value, present) {
    const values = Array.isArray(value) ? value : [value];
    return rules.some((rule) => {
        if (isObject(rule) && 'exists' in rule)
            return rule.exists === (present && value !== undefined);
        if (!present)
            return false;
        return values.some((v) => matchesOne(rule, v));
    });
}
function wildcardRegExp(pattern) {
    const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
    return new RegExp(`^${escaped}$`, 's');
}
function matchesOne(rule, value) {
    if (!isObject(rule))
        return rule === value;
    if ('prefix' in rule) {
        const p = rule.prefix;
        if (isObject(p) && typeof p['equals-ignore-case'] === 'string')
            return typeof value === 'string' && value.toLowerCase().startsWith(p['equals-ignore-case'].toLowerCase());
        return typeof p === 'string' && typeof value === 'string' && value.startsWith(p);
    }
    if ('suffix' in rule) {
        const s = rule.suffix;
        if (isObject(s) && typeof s['equals-ignore-case'] === 'string')
            return typeof value === 'string' && value.toLowerCase().endsWith(s['equals-ignore-case'].toLowerCase());
        return typeof s === 'string' && typeof value === 'string' && value.endsWith(s);
    }
    if ('equals-ignore-case' in rule)
        return typeof value === 'string' && typeof rule['equals-ignore-case'] === 'string' && value.toLowerCase() === rule['equals-ignore-case'].toLowerCase();
    if ('wildcard' in rule)
        return typeof value === 'string' && typeof rule.wildcard === 'string' && wildcardRegExp(rule.wildcard).test(value);
    if ('anything-but' in rule) {
        const but = rule['anything-but'];
        if (isObject(but)) {
            if (typeof but.prefix === 'string')
                return typeof value === 'string' && !value.startsWith(but.prefix);
            if (typeof but.suffix === 'string')
                return typeof value === 'string' && !value.endsWith(but.suffix);
            return false;
        }
        const excluded = Array.isArray(but) ? but : [but];
        return !excluded.includes(value);
    }
    if ('numeric' in rule) {
        const ops = rule.numeric;
        if (!Array.isArray(ops) || typeof value !== 'number')
            return false;
        for (let i = 0; i + 1 < ops.length; i += 2) {
            const [op, bound] = [ops[i], ops[i + 1]];
            if (typeof bound !== 'number')
                return false;
            const ok = op === '=' ? value === bound : op === '<' ? value < bound : op === '<=' ? value <= bound : op === '>' ? value > bound : op === '>=' ? value >= bound : false;
            if (!ok)
                return false;
        }
        return true;
    }
    return false;
}
