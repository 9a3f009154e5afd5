import { Stack } from 'aws-cdk-lib';
import { Automations } from './automations.js';
/** A stack holding nothing but the Automations construct (lib/app.ts deploys this repository's flows/ with it). */
export class AutomationsStack extends Stack {
    automations;
    constructor(scope, id, props) {
        super(scope, id, props);
        // 'Default': the construct adds no level to the logical IDs, so stacks deployed before it existed keep their resources.
        this.automations = new Automations(this, 'Default', props);
    }
}
