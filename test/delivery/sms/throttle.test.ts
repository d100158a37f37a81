import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PACE, initialPace, measuredRate, recover, reserve, retryDelayMs, throttled, type PaceConfig, type PaceState } from '../../../src/delivery/sms/throttle.js';

const config: PaceConfig = { ...DEFAULT_PACE, minRate: 10, maxRate: 1000, holdMs: 1000, recoverAfterMs: 5000, recoverEveryMs: 1000, recoverFactor: 2, retryBaseMs: 50, retryMaxMs: 2000, maxRetries: 8, maxWaitMs: 1000 };

/** A state as sending `count` parts evenly over [from, from + ms) leaves it. */
function sent(count: number, from: number, ms: number, state = initialPace(from)): PaceState {
  let s = state;
  for (let i = 0; i < count; i++) {
    const r = reserve(s, from + (i * ms) / count, config);
    assert.equal(r.waitMs, 0);
    s = r.state;
  }
  return s;
}

describe('route pacing (throttle state machine)', () => {
  it('starts unpaced: every part goes at once and is counted', () => {
    const s = sent(400, 0, 800);
    assert.equal(s.rate, null);
    assert.equal(s.bucketCount, 400);
    assert.equal(Math.round(measuredRate(s, 800)), 500);
  });

  it('the first throttle halves the measured rate (bounded by min and max)', () => {
    // name, parts sent, over ms, expected rate, expected ceiling
    const cases: Array<[string, number, number, number, number]> = [
      ['500/s measured', 400, 800, 250, 500],
      ['flood capped by maxRate', 100_000, 800, 1000, 2000],
      ['almost nothing sent', 1, 800, 10, 20],
    ];
    for (const [name, count, ms, rate, ceiling] of cases) {
      const s = throttled(sent(count, 0, ms), ms, config);
      assert.equal(s.rate, rate, name);
      assert.equal(s.ceiling, ceiling, name);
      assert.equal(s.cuts, 1, name);
      assert.equal(s.throttles, 1, name);
    }
  });

  it('a burst of throttles within holdMs cuts once; a later one cuts again, never below minRate', () => {
    let s = throttled(sent(400, 0, 800), 800, config); // 250/s
    for (let t = 810; t < 1800; t += 10) s = throttled(s, t, config);
    assert.equal(s.rate, 250);
    assert.equal(s.cuts, 1);
    assert.equal(s.throttles, 100);
    s = throttled(s, 1800, config);
    assert.equal(s.rate, 125);
    assert.equal(s.ceiling, 250);
    for (let t = 2800; t < 20_000; t += 1000) s = throttled(s, t, config);
    assert.equal(s.rate, 10);
  });

  it('paced: slots are 1000/rate apart; a slot beyond maxWaitMs is refused without reserving', () => {
    let s = throttled(sent(400, 0, 800), 800, config); // 250/s → 4 ms apart, first slot at 804
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = reserve(s, 800, config);
      assert.notEqual(r.waitMs, null);
      waits.push(r.waitMs as number);
      s = r.state;
    }
    assert.deepEqual(waits, [4, 8, 12, 16, 20]);
    // 250 more slots take one second; the next one is past maxWaitMs.
    for (let i = 0; i < 245; i++) s = reserve(s, 800, config).state;
    const refused = reserve(s, 800, config);
    assert.equal(refused.waitMs, null);
    assert.ok('retryInMs' in refused && refused.retryInMs > config.maxWaitMs);
    assert.equal(refused.state.nextAt, s.nextAt);
    // Time passing frees slots again.
    assert.equal(reserve(s, 1500, config).waitMs, s.nextAt - 1500);
  });

  it('recovers after a quiet spell, step by step, then is unpaced again at the ceiling', () => {
    const cut = throttled(throttled(sent(400, 0, 800), 800, config), 1800, config); // 125/s, ceiling 250, last throttle 1800
    const table: Array<[number, number | null]> = [
      [1800, 125],
      [6799, 125], // recoverAfterMs not over
      [6800, null], // one raise: 125 × 2 = 250 reaches the ceiling → unpaced
    ];
    for (const [now, rate] of table) assert.equal(recover(cut, now, config).rate, rate, `at ${now}`);
    const slow: PaceConfig = { ...config, recoverFactor: 1.25 };
    const steps: Array<[number, number | null]> = [
      [6800, 156.25],
      [7799, 156.25],
      [7800, 195.3125],
      [8800, 244.140625],
      [9800, null],
    ];
    let s = cut;
    for (const [now, rate] of steps) {
      s = recover(s, now, slow);
      assert.equal(s.rate, rate, `at ${now}`);
    }
    // A long idle spell applies every raise due at once.
    assert.equal(recover(cut, 60_000, slow).rate, null);
  });

  it('a throttle during recovery restarts the recovery clock without cutting twice in holdMs', () => {
    const slow: PaceConfig = { ...config, recoverFactor: 1.25 };
    let s = throttled(sent(400, 0, 800), 800, slow); // 250, ceiling 500
    s = recover(s, 5800, slow); // 312.5
    assert.equal(s.rate, 312.5);
    s = throttled(s, 5900, slow); // cut: 156.25
    assert.equal(s.rate, 156.25);
    assert.equal(s.ceiling, 312.5);
    assert.equal(recover(s, 10_899, slow).rate, 156.25);
    assert.equal(recover(s, 10_900, slow).rate, 195.3125);
  });

  it('retry delays double from the base, at least one paced slot, at most the max', () => {
    const unpaced = initialPace(0);
    const paced = throttled(sent(20, 0, 1000), 1000, config); // measured 20/s → 10/s: 100 ms slots
    const cases: Array<[PaceState, number, number]> = [
      [unpaced, 1, 50],
      [unpaced, 2, 100],
      [unpaced, 3, 200],
      [unpaced, 7, 2000],
      [unpaced, 40, 2000],
      [paced, 1, 100],
      [paced, 3, 200],
    ];
    for (const [state, attempt, delay] of cases) assert.equal(retryDelayMs(state, attempt, config), delay, `attempt ${attempt}, rate ${state.rate}`);
  });

  it('the measurement bucket rolls every second and remembers the last full one', () => {
    let s = sent(300, 0, 1000);
    s = reserve(s, 1000, config).state; // rolls: previous 300/s, new bucket with this part
    assert.equal(s.previousRate, 300);
    assert.equal(s.bucketCount, 1);
    assert.equal(measuredRate(s, 1050), 300);
  });
});
