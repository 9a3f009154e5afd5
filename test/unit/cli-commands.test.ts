import { describe, expect, it } from 'vitest';
import { COMMANDS, commandHelp, nearestCommand, unknownCommand } from '../../lib/cli/commands.js';
import { runCli } from '../../lib/cli/main.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const stream = { write: (t: string) => (err.push(t), true) } as unknown as NodeJS.WritableStream;
  return { out, err, io: { out: (t: string) => void out.push(t), err: stream, env: {} } };
}

describe('the automations command line', () => {
  it('names an unknown command and suggests the nearest one', async () => {
    expect(nearestCommand('strat')).toBe('start');
    expect(nearestCommand('proceses')).toBe('processes');
    expect(nearestCommand('attach')).toBe('attachments');
    expect(nearestCommand('stauts')).toBe('status'); // a swap of two letters is one edit
    expect(nearestCommand('xyzzy')).toBeUndefined();
    const { err, io: cli } = io();
    expect(await runCli(['wrkflows', 'list'], cli)).toBe(1);
    expect(err.join('')).toContain('unknown command "wrkflows". Did you mean "workflows"?');
  });

  it('has help for each command, naming only that command', async () => {
    for (const name of Object.keys(COMMANDS)) {
      const { out, io: cli } = io();
      expect(await runCli([name, '--help'], cli)).toBe(0);
      expect(out.join('\n')).toBe(commandHelp(name));
    }
    expect(commandHelp('send')).toContain('send --automation');
    expect(commandHelp('send')).not.toContain('processes apply');
  });

  it('names an unknown option instead of throwing', async () => {
    const { err, io: cli } = io();
    expect(await runCli(['list', '--colour'], cli)).toBe(1);
    expect(err.join('')).toContain("'--colour'");
    expect(unknownCommand('zz')).toContain('"zz"');
  });
});
