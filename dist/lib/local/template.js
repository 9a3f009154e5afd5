import { ENV, FUNCTION_ROLES } from '../aws/env.js';
/**
 * Reads what the local stack needs from the synthesised CloudFormation template: which
 * function serves which HTTP route, the schedules, the event rules and their targets, the
 * state machines (with intrinsic functions resolved to plain JSON) and the async retry
 * policy. The local stack serves what the template declares, so the two cannot drift.
 */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';
export const functionArn = (id) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${id}`;
const stateMachineArnOf = (name) => `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
/** A state machine's ARN: by its StateMachineName when it has one (the stack builds ARNs from names), else its logical id. */
function stateMachineArn(id, resources) {
    const name = resources[id]?.Properties?.StateMachineName;
    return stateMachineArnOf(typeof name === 'string' ? name : id);
}
const queueUrl = (id) => `https://sqs.${LOCAL_REGION}.localhost/${LOCAL_ACCOUNT}/${id}`;
/** Resolves Ref, Fn::GetAtt, Fn::Join, Fn::Sub and pseudo parameters to local strings. */
export function resolveIntrinsics(value, resources) {
    if (Array.isArray(value))
        return value.map((v) => resolveIntrinsics(v, resources));
    if (value === null || typeof value !== 'object')
        return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
        const [key, arg] = entries[0];
        if (key === 'Ref')
            return resolveRef(String(arg), resources);
        if (key === 'Fn::GetAtt') {
            const [id, attr] = Array.isArray(arg) ? arg : String(arg).split('.');
            return resolveGetAtt(id, attr, resources);
        }
        if (key === 'Fn::Join') {
            const [sep, parts] = arg;
            return resolveIntrinsics(parts, resources).map(String).join(sep);
        }
        if (key === 'Fn::Sub') {
            const [text, vars] = Array.isArray(arg) ? arg : [String(arg), {}];
            return text.replace(/\$\{([^}]+)\}/g, (_m, name) => {
                if (name in vars)
                    return String(resolveIntrinsics(vars[name], resources));
                const [id, attr] = name.split('.');
                return String(attr ? resolveGetAtt(id, attr, resources) : resolveRef(id, resources));
            });
        }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, resolveIntrinsics(v, resources)]));
}
function resolveRef(id, resources) {
    switch (id) {
        case 'AWS::Partition':
            return 'aws';
        case 'AWS::Region':
            return LOCAL_REGION;
        case 'AWS::AccountId':
            return LOCAL_ACCOUNT;
        case 'AWS::URLSuffix':
            return 'amazonaws.com';
        case 'AWS::StackName':
            return 'local';
    }
    const type = resources[id]?.Type;
    if (type === 'AWS::StepFunctions::StateMachine')
        return stateMachineArn(id, resources);
    if (type === 'AWS::SQS::Queue')
        return queueUrl(id);
    return id; // table names, function names, secret ids: the logical id stands in
}
function resolveGetAtt(id, attr, resources) {
    const type = resources[id]?.Type;
    if (type === 'AWS::Lambda::Function' && attr === 'Arn')
        return functionArn(id);
    if (type === 'AWS::SQS::Queue' && attr === 'Arn')
        return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${id}`;
    return `${id}.${attr}`;
}
/** rate(5 minutes) → ms; cron(…) → a day (the local stack runs daily jobs once a day from start). */
export function scheduleInterval(expression) {
    const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
    if (rate) {
        const n = Number(rate[1]);
        const unit = rate[2].startsWith('minute') ? 60_000 : rate[2].startsWith('hour') ? 3_600_000 : 86_400_000;
        return n * unit;
    }
    if (expression.startsWith('cron('))
        return 86_400_000;
    throw new Error(`Unsupported schedule expression ${expression}`);
}
export function readTemplate(template) {
    const resources = template.Resources;
    const resolve = (v) => resolveIntrinsics(v, resources);
    const functions = new Map();
    const entries = Object.entries(resources);
    for (const [id, r] of entries) {
        if (r.Type !== 'AWS::Lambda::Function')
            continue;
        const env = resolve(r.Properties?.Environment?.Variables ?? {});
        const role = env[ENV.role];
        if (!FUNCTION_ROLES.includes(role))
            continue;
        functions.set(id, {
            id,
            role,
            timeoutSeconds: Number(r.Properties?.Timeout ?? 3),
            environment: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])),
            asyncRetries: 2,
        });
    }
    for (const [, r] of entries) {
        if (r.Type !== 'AWS::Lambda::EventInvokeConfig')
            continue;
        const fn = functions.get(String(resolve(r.Properties?.FunctionName)));
        if (fn && typeof r.Properties?.MaximumRetryAttempts === 'number')
            fn.asyncRetries = r.Properties.MaximumRetryAttempts;
    }
    const functionIdOfArn = (arn) => {
        const m = /:function:([^:]+)$/.exec(String(arn));
        return m && functions.has(m[1]) ? m[1] : undefined;
    };
    const routes = [];
    for (const [, r] of entries) {
        if (r.Type !== 'AWS::ApiGatewayV2::Route')
            continue;
        const routeKey = String(r.Properties?.RouteKey);
        const target = String(resolve(r.Properties?.Target)).replace(/^integrations\//, '');
        const integration = resources[target];
        const functionId = functionIdOfArn(resolve(integration?.Properties?.IntegrationUri));
        if (!functionId)
            continue;
        const [method, path] = routeKey.split(' ');
        routes.push({ method: method, path: path, routeKey, functionId });
    }
    const schedules = [];
    const eventRules = [];
    for (const [id, r] of entries) {
        if (r.Type !== 'AWS::Events::Rule' || r.Properties?.State === 'DISABLED')
            continue;
        const props = r.Properties ?? {};
        const rawTargets = props.Targets ?? [];
        const targets = [];
        for (const t of rawTargets) {
            const functionId = functionIdOfArn(resolve(t.Arn));
            if (!functionId)
                continue;
            targets.push({
                functionId,
                ...(typeof t.Input === 'string' ? { input: JSON.parse(t.Input) } : {}),
                ...(t.InputTransformer ? { inputTransformer: resolve(t.InputTransformer) } : {}),
            });
        }
        if (typeof props.ScheduleExpression === 'string') {
            for (const t of targets)
                schedules.push({ id, expression: props.ScheduleExpression, intervalMs: scheduleInterval(props.ScheduleExpression), functionId: t.functionId, input: t.input });
        }
        else if (props.EventPattern) {
            const bus = props.EventBusName === undefined ? undefined : String(resolve(props.EventBusName));
            eventRules.push({ id, pattern: props.EventPattern, bus: bus === 'default' ? undefined : bus, targets });
        }
    }
    const stateMachines = new Map();
    for (const [id, r] of entries) {
        if (r.Type !== 'AWS::StepFunctions::StateMachine')
            continue;
        const text = resolve(r.Properties?.DefinitionString);
        const definition = typeof text === 'string' ? JSON.parse(text) : resolve(r.Properties?.Definition);
        stateMachines.set(id, { id, arn: stateMachineArn(id, resources), definition });
    }
    const byRole = new Map([...functions.values()].map((f) => [f.role, f]));
    return {
        functions,
        byRole,
        routes,
        schedules,
        eventRules,
        stateMachines,
        stateMachineFor(envName) {
            for (const fn of functions.values()) {
                const arn = fn.environment[envName];
                const machine = arn && [...stateMachines.values()].find((m) => m.arn === arn);
                if (machine)
                    return machine;
            }
            throw new Error(`No function's ${envName} names a state machine in the template`);
        },
        functionByArn(arn) {
            const id = functionIdOfArn(arn);
            return id ? functions.get(id) : undefined;
        },
    };
}
