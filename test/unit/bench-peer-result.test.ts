import { describe, expect, it } from 'vitest';
import { median, parsePeerResult, sideBySide } from '../../bench/peers/peer-result.js';

const peerLine = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ peer: 'django-automations', version: '0.9.4', django: '3.2.25', python: '3.11.2', instances: 500, seconds: 5, cpuSeconds: 4, queriesPerInstance: 50, ...over });

describe('the in-memory bench helpers', () => {
  it('takes the median of odd and even counts, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow(/no values/);
  });

  it('reads the JSON object on the peer’s last line, after anything printed before it', () => {
    const result = parsePeerResult(`System check identified no issues\n${peerLine({ seconds: 2.5 })}\n`);
    expect(result).toEqual({ instances: 500, seconds: 2.5, cpuSeconds: 4, version: '0.9.4', django: '3.2.25', python: '3.11.2', queriesPerInstance: 50 });
    expect(parsePeerResult(peerLine({ version: null })).version).toBeNull();
  });

  it('refuses output that is no result, naming the field', () => {
    expect(() => parsePeerResult('Traceback (most recent call last):')).toThrow(/no JSON result/);
    expect(() => parsePeerResult('[1, 2]')).toThrow(/not a JSON object/);
    expect(() => parsePeerResult(peerLine({ seconds: 0 }))).toThrow(/seconds is not a positive number/);
    expect(() => parsePeerResult(peerLine({ cpuSeconds: undefined }))).toThrow(/cpuSeconds is not a positive number/);
    expect(() => parsePeerResult(peerLine({ instances: 2.5 }))).toThrow(/instances is not an integer/);
    expect(() => parsePeerResult(peerLine({ django: 3 }))).toThrow(/django is not a string/);
  });

  it('sets the medians of interleaved rounds side by side, per wall-clock or CPU second', () => {
    const round = (seconds: number, cpuSeconds: number) => ({ instances: 1000, seconds, cpuSeconds });
    const ours = [round(0.1, 0.1), round(0.2, 0.1), round(0.125, 0.05)]; // wall: 10,000, 5,000, 8,000 per s; CPU: 10,000, 10,000, 20,000
    const theirs = [round(10, 10), round(12.5, 10), round(20, 8)]; // wall: 100, 80, 50 per s; CPU: 100, 100, 125
    const wall = sideBySide(ours, theirs);
    expect(wall).toMatchObject({ ours: 8000, theirs: 80, ratio: 100 });
    expect(wall.roundRatio).toBeCloseTo(100, 10); // 100, 62.5, 160
    const cpu = sideBySide(ours, theirs, 'cpuSeconds');
    expect(cpu).toMatchObject({ ours: 10_000, theirs: 100, ratio: 100 });
    expect(cpu.roundRatio).toBeCloseTo(100, 10); // 100, 100, 160
    expect(() => sideBySide(ours, theirs.slice(1))).toThrow(/rounds differ/);
  });
});
