const FIELD_TYPES = ['string', 'number', 'integer', 'boolean'];
const FIELD_KEYS = new Set(['type', 'title', 'description', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength']);
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const MAX_FORM_FIELDS = 50;
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);
/** Every problem of a form, as [path below the form, message]. */
export function formProblems(form) {
    const out = [];
    if (!isObject(form))
        return [['', 'a form is a JSON Schema object: { "type": "object", "properties": { … } }']];
    for (const key of Object.keys(form))
        if (!['type', 'properties', 'required', 'title', 'description'].includes(key))
            out.push([key, `"${key}" is not supported in forms (type, properties, required, title, description)`]);
    if (form.type !== 'object')
        out.push(['type', 'a form\'s type must be "object"']);
    if (!isObject(form.properties)) {
        out.push(['properties', 'properties must be an object of fields']);
        return out;
    }
    const names = Object.keys(form.properties);
    if (names.length === 0)
        out.push(['properties', 'a form has at least one field']);
    if (names.length > MAX_FORM_FIELDS)
        out.push(['properties', `a form has at most ${MAX_FORM_FIELDS} fields`]);
    for (const [name, field] of Object.entries(form.properties)) {
        const at = `properties.${name}`;
        if (!FIELD_NAME.test(name))
            out.push([at, 'a field name is letters, digits and "_", starting with a letter or "_"']);
        if (!isObject(field)) {
            out.push([at, 'a field is an object with a type']);
            continue;
        }
        for (const key of Object.keys(field))
            if (!FIELD_KEYS.has(key))
                out.push([`${at}.${key}`, `"${key}" is not supported (${[...FIELD_KEYS].join(', ')})`]);
        const type = field.type;
        if (!FIELD_TYPES.includes(type)) {
            out.push([`${at}.type`, `the type is one of ${FIELD_TYPES.join(', ')}`]);
            continue;
        }
        if (field.enum !== undefined) {
            if (!Array.isArray(field.enum) || field.enum.length === 0)
                out.push([`${at}.enum`, 'enum is a non-empty list']);
            else if (!field.enum.every((v) => fieldTypeOf(v, type)))
                out.push([`${at}.enum`, `every enum value must be a ${type}`]);
        }
        for (const key of ['minimum', 'maximum']) {
            if (field[key] === undefined)
                continue;
            if (type !== 'number' && type !== 'integer')
                out.push([`${at}.${key}`, `${key} applies to numbers only`]);
            else if (!isNumber(field[key]))
                out.push([`${at}.${key}`, `${key} must be a number`]);
        }
        for (const key of ['minLength', 'maxLength']) {
            if (field[key] === undefined)
                continue;
            if (type !== 'string')
                out.push([`${at}.${key}`, `${key} applies to strings only`]);
            else if (!(Number.isInteger(field[key]) && field[key] >= 0))
                out.push([`${at}.${key}`, `${key} must be a whole number of at least 0`]);
        }
        if (isNumber(field.minimum) && isNumber(field.maximum) && field.minimum > field.maximum)
            out.push([at, 'minimum is above maximum']);
        if (isNumber(field.minLength) && isNumber(field.maxLength) && field.minLength > field.maxLength)
            out.push([at, 'minLength is above maxLength']);
    }
    if (form.required !== undefined) {
        if (!Array.isArray(form.required))
            out.push(['required', 'required is a list of field names']);
        else
            for (const [i, name] of form.required.entries())
                if (typeof name !== 'string' || !names.includes(name))
                    out.push([`required[${i}]`, `"${String(name)}" is not a field of the form`]);
    }
    return out;
}
function fieldTypeOf(value, type) {
    switch (type) {
        case 'string':
            return typeof value === 'string';
        case 'number':
            return isNumber(value);
        case 'integer':
            return isNumber(value) && Number.isInteger(value);
        case 'boolean':
            return typeof value === 'boolean';
    }
}
/** A validator for a form that passed `formProblems`. */
export function compileForm(form) {
    const required = new Set(form.required ?? []);
    return {
        jsonSchema: () => structuredClone(form),
        validate(values) {
            const errors = {};
            const add = (field, message) => (errors[field] ??= []).push(message);
            if (!isObject(values))
                return { ok: false, fieldErrors: { _root: ['the values are an object of fields'] } };
            for (const key of Object.keys(values))
                if (!(key in form.properties))
                    add(key, 'unknown field');
            for (const [name, field] of Object.entries(form.properties)) {
                const value = values[name];
                if (value === undefined || value === null || value === '') {
                    if (required.has(name))
                        add(name, 'required');
                    continue;
                }
                if (!fieldTypeOf(value, field.type)) {
                    add(name, `must be ${field.type === 'integer' ? 'a whole number' : `a ${field.type}`}`);
                    continue;
                }
                if (field.enum && !field.enum.includes(value))
                    add(name, `must be one of ${field.enum.map((v) => JSON.stringify(v)).join(', ')}`);
                if (field.minimum !== undefined && value < field.minimum)
                    add(name, `must be at least ${field.minimum}`);
                if (field.maximum !== undefined && value > field.maximum)
                    add(name, `must be at most ${field.maximum}`);
                if (field.minLength !== undefined && value.length < field.minLength)
                    add(name, `must be at least ${field.minLength} characters`);
                if (field.maxLength !== undefined && value.length > field.maxLength)
                    add(name, `must be at most ${field.maxLength} characters`);
            }
            if (Object.keys(errors).length)
                return { ok: false, fieldErrors: errors };
            const out = {};
            for (const name of Object.keys(form.properties))
                if (values[name] !== undefined && values[name] !== null && values[name] !== '')
                    out[name] = values[name];
            return { ok: true, values: out };
        },
    };
}
