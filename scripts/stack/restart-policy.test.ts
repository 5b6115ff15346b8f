import { describe, expect, it } from '@jest/globals';
import { decideRestart, type RestartDecision, type RestartPolicy } from './restart-policy';

const policy: RestartPolicy = { limit: 5, windowMs: 60000, baseDelayMs: 500, maxDelayMs: 10000 };

/** Crashes at the given times, one after the other; the decision for each. */
function crashAt(times: number[], using = policy): RestartDecision[] {
  let earlier: number[] = [];
  return times.map((now) => {
    const decision = decideRestart(using, earlier, now);
    earlier = decision.crashes;
    return decision;
  });
}

const delays = (decisions: RestartDecision[]) => decisions.map((d) => (d.restart ? d.delayMs : 'give up'));

describe('restart policy', () => {
  it('restarts with a doubling delay, then gives up on the crash after the limit within the window', () => {
    const decisions = crashAt([0, 1000, 2000, 3000, 4000, 5000]);
    expect(delays(decisions)).toEqual([500, 1000, 2000, 4000, 8000, 'give up']);
    expect(decisions.map((d) => (d.restart ? d.attempt : null))).toEqual([1, 2, 3, 4, 5, null]);
    expect(decisions[5]?.crashes).toHaveLength(6);
  });

  it('caps the delay', () => {
    const many = { ...policy, limit: 10 };
    expect(delays(crashAt([0, 1, 2, 3, 4, 5, 6, 7], many))).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000, 10000]);
  });

  it('forgets crashes older than the window: a service that stayed up for a window starts afresh', () => {
    const decisions = crashAt([0, 1000, 2000, 3000, 4000, 64000]);
    expect(decisions[5]).toEqual({ restart: true, attempt: 1, delayMs: 500, crashes: [64000] });
  });

  it('counts only the crashes still within the window', () => {
    // 0 and 1000 fall out of the window by 61500; 30000, 31000 and 61500 remain.
    const last = crashAt([0, 1000, 30000, 31000, 61500]).at(-1);
    expect(last).toEqual({ restart: true, attempt: 3, delayMs: 2000, crashes: [30000, 31000, 61500] });
  });

  it('with a limit of 0 never restarts', () => {
    expect(decideRestart({ ...policy, limit: 0 }, [], 0)).toEqual({ restart: false, crashes: [0] });
  });
});
