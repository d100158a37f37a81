import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterFailure, refusedForMs, windowOpen, type FailureWindow } from '../../../src/core/auth-throttle/window.js';

const W = 1000;

test('afterFailure counts in the open window and starts a new one after it', () => {
  const cases: [FailureWindow | undefined, number, FailureWindow][] = [
    [undefined, 50, { startMs: 50, failures: 1 }],
    [{ startMs: 0, failures: 1 }, 999, { startMs: 0, failures: 2 }],
    [{ startMs: 0, failures: 9 }, 1000, { startMs: 1000, failures: 1 }],
    [{ startMs: 0, failures: 3 }, 5000, { startMs: 5000, failures: 1 }],
  ];
  for (const [window, now, expected] of cases) assert.deepEqual(afterFailure(window, now, W), expected, JSON.stringify({ window, now }));
});

test('refusedForMs: refused from the ceiling until the window ends', () => {
  const cases: [FailureWindow | undefined, number, number | null][] = [
    [undefined, 0, null],
    [{ startMs: 0, failures: 2 }, 100, null],
    [{ startMs: 0, failures: 3 }, 100, 900],
    [{ startMs: 0, failures: 50 }, 999, 1],
    [{ startMs: 0, failures: 50 }, 1000, null],
  ];
  for (const [window, now, expected] of cases) assert.equal(refusedForMs(window, 3, now, W), expected, JSON.stringify({ window, now }));
});

test('windowOpen', () => {
  assert.equal(windowOpen(undefined, 0, W), false);
  assert.equal(windowOpen({ startMs: 0, failures: 1 }, 999, W), true);
  assert.equal(windowOpen({ startMs: 0, failures: 1 }, 1000, W), false);
});
