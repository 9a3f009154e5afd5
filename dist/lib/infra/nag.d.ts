import type { IConstruct } from 'constructs';
/**
 * Acknowledges cdk-nag findings on a construct and its children (cdk-nag 3 uses CDK's
 * native acknowledgements). Every call states why the finding is acceptable; findings are
 * named exactly (`AwsSolutions-IAM5[Resource::*]`), so a new kind of wildcard still fails.
 */
export declare function acknowledge(scope: IConstruct, findings: readonly string[], reason: string): void;
/** `<LogicalId.Arn>`, as cdk-nag writes an unresolved GetAtt in a finding. */
export declare function arnRef(resource: IConstruct): string;
