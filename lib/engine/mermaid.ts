import type { AutomationClass, FlowDefinition, FlowNode } from './definition.js';
import { defineFlow } from './definition.js';
import { If } from './nodes/if.js';
import { Repeat } from './nodes/repeat.js';
import { Split } from './nodes/flow-control.js';
import { Ref } from './refs.js';
import { describeSchedule } from './schedule.js';
import { successors } from './validate.js';

export interface MermaidOptions {
  /** Nodes to mark as current (e.g. where an instance's paths stand). */
  highlight?: readonly string[];
  direction?: 'TD' | 'LR';
}

const escape = (text: string) => text.replace(/["<>&#]/g, (c) => `#${c.charCodeAt(0)};`);
const id = (name: string) => `n_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;

function shape(n: FlowNode): string {
  const node = n.node;
  let label = `${n.name}<br/><small>${node.kind}</small>`;
  if (node instanceof Repeat && node.scheduled) label += `<br/><small>${escape(describeSchedule(node.scheduled))}</small>`;
  const text = `"${label}"`;
  switch (node.kind) {
    case 'If':
      return `{${text}}`;
    case 'Split':
    case 'Join':
      return `[[${text}]]`;
    case 'Form':
      return `[/${text}/]`;
    case 'End':
      return `([${text}])`;
    case 'Repeat':
      return `{{${text}}}`;
    default:
      return `[${text}]`;
  }
}

function branchName(branch: unknown, def: FlowDefinition): string | undefined {
  const name = branch instanceof Ref ? branch.name : typeof branch === 'string' ? branch.replace(/^self\./, '') : undefined;
  return name !== undefined && def.byName.has(name) ? name : undefined;
}

/** A Mermaid flowchart of an automation: nodes, branches, splits, and the highlighted current positions. */
export function toMermaid(flow: AutomationClass | FlowDefinition, options: MermaidOptions = {}): string {
  const def = 'nodes' in flow ? flow : defineFlow(flow);
  const lines = [`flowchart ${options.direction ?? 'TD'}`];
  for (const n of def.nodes) lines.push(`  ${id(n.name)}${shape(n)}`);
  for (const n of def.nodes) {
    const node = n.node;
    if (node instanceof If) {
      const yes = branchName(node.branches.then, def) ?? n.next;
      const no = branchName(node.branches.else, def) ?? n.next;
      if (yes) lines.push(`  ${id(n.name)} -->|yes| ${id(yes)}`);
      if (no) lines.push(`  ${id(n.name)} -->|no| ${id(no)}`);
    } else if (node instanceof Split) {
      for (const t of node.targets()) lines.push(`  ${id(n.name)} ==> ${id(branchName(t, def)!)}`);
    } else {
      const errorTarget = node.onError === undefined ? undefined : branchName(node.onError, def);
      for (const s of successors(def, n)) {
        if (s === null) continue;
        if (s === errorTarget) lines.push(`  ${id(n.name)} -.->|error| ${id(s)}`);
        else if (node instanceof Repeat) lines.push(`  ${id(n.name)} -.->|repeat| ${id(s)}`);
        else lines.push(`  ${id(n.name)} --> ${id(s)}`);
      }
    }
    if (!(node instanceof If) && !(node instanceof Split) && (node.options.skipIf !== undefined || node.options.skipAfter !== undefined) && n.next) {
      lines.push(`  ${id(n.name)} -.->|skipped| ${id(n.next)}`);
    }
  }
  const current = (options.highlight ?? []).filter((name) => def.byName.has(name));
  if (current.length) {
    lines.push('  classDef current fill:#fde68a,stroke:#b45309,stroke-width:3px');
    lines.push(`  class ${[...new Set(current)].map(id).join(',')} current`);
  }
  return lines.join('\n');
}
