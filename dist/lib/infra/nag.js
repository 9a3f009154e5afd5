import { Stack, Validations } from 'aws-cdk-lib';
/**
 * Acknowledges cdk-nag findings on a construct and its children (cdk-nag 3 uses CDK's
 * native acknowledgements). Every call states why the finding is acceptable; findings are
 * named exactly (`AwsSolutions-IAM5[Resource::*]`), so a new kind of wildcard still fails.
 */
export function acknowledge(scope, findings, reason) {
    for (const id of findings)
        Validations.of(scope).acknowledge({ id, reason });
}
/** `<LogicalId.Arn>`, as cdk-nag writes an unresolved GetAtt in a finding. */
export function arnRef(resource) {
    const element = (resource.node.defaultChild ?? resource);
    return `<${Stack.of(resource).getLogicalId(element)}.Arn>`;
}
