import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Automations, type AutomationsProps } from './automations.js';

export interface AutomationsStackProps extends StackProps, AutomationsProps {}

/** A stack holding nothing but the Automations construct (lib/app.ts deploys this repository's flows/ with it). */
export class AutomationsStack extends Stack {
  readonly automations: Automations;

  constructor(scope: Construct, id: string, props: AutomationsStackProps) {
    super(scope, id, props);
    // 'Default': the construct adds no level to the logical IDs, so stacks deployed before it existed keep their resources.
    this.automations = new Automations(this, 'Default', props);
  }
}
