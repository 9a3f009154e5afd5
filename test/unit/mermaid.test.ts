import { describe, expect, it } from 'vitest';
import { IssueDiscussion } from '../../flows/issue-discussion.js';
import { DailyDigest } from '../../flows/daily-digest.js';
import { toMermaid } from '../../lib/engine/index.js';

describe('toMermaid', () => {
  it('draws nodes with their kinds, branches, split paths and the join', () => {
    const chart = toMermaid(IssueDiscussion);
    const lines = chart.split('\n');
    expect(lines[0]).toBe('flowchart TD');
    expect(lines).toContain('  n_moderate[/"moderate<br/><small>Form</small>"/]');
    expect(lines).toContain('  n_moderation{"moderation<br/><small>If</small>"}');
    expect(lines).toContain('  n_join[["join<br/><small>Join</small>"]]');
    expect(lines).toContain('  n_end(["end<br/><small>End</small>"])');
    expect(lines).toEqual(expect.arrayContaining([
      '  n_parallel ==> n_moderation', '  n_parallel ==> n_warning', '  n_parallel ==> n_confCall',
      '  n_moderation -->|yes| n_repeat', '  n_moderation -->|no| n_moderate',
      '  n_repeat -->|yes| n_join', '  n_repeat -->|no| n_moderation',
      '  n_warning --> n_join', '  n_join --> n_evaluate', '  n_evaluate --> n_end',
    ]));
    expect(chart).not.toContain('classDef');
  });

  it('highlights current positions and draws repeats and skips', () => {
    const chart = toMermaid(DailyDigest, { highlight: ['again', 'unknown'], direction: 'LR' });
    expect(chart.split('\n')).toEqual([
      'flowchart LR',
      '  n_send["send<br/><small>Execute</small>"]',
      '  n_again{{"again<br/><small>Repeat</small><br/><small>daily at 08:00</small>"}}',
      '  n_send --> n_again',
      '  n_send -.->|skipped| n_again',
      '  n_again -.->|repeat| n_send',
      '  classDef current fill:#fde68a,stroke:#b45309,stroke-width:3px',
      '  class n_again current',
    ]);
  });
});
