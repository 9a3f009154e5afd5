import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DataValidationError, InstanceNotFoundError } from './errors.js';
/** `<id>.<mac>`: the id with an HMAC only the engine's secret can produce, so keys cannot be guessed or forged. */
export function instanceKey(secret, id) {
    const mac = createHmac('sha256', secret).update(`instance-key:${id}`).digest('base64url').slice(0, 32);
    return `${id}.${mac}`;
}
export function idFromKey(secret, key) {
    const dot = key.lastIndexOf('.');
    const id = dot > 0 ? key.slice(0, dot) : '';
    const expected = Buffer.from(instanceKey(secret, id));
    const given = Buffer.from(key);
    if (!id || expected.length !== given.length || !timingSafeEqual(expected, given))
        throw new InstanceNotFoundError('(by key)');
    return id;
}
/**
 * The claim that keeps a `unique` automation unique: scoped to the automation's name, so
 * two classes never share claims, and hashed, so claims stay short whatever the data.
 */
export function uniqueKeyFor(def, data) {
    if (def.unique === false)
        return null;
    if (def.unique === true)
        return `${def.name}#singleton`;
    const missing = def.unique.filter((k) => data[k] === undefined || data[k] === null);
    if (missing.length)
        throw new DataValidationError(`${def.name} is unique by ${def.unique.join(', ')}: the data lacks ${missing.join(', ')}`);
    const values = JSON.stringify(def.unique.map((k) => data[k]));
    return `${def.name}#${createHash('sha256').update(values).digest('base64url')}`;
}
