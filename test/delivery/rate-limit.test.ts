import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SendRateLimiter } from '../../src/delivery/rate-limit.js';

describe('per-account send rate limiter', () => {
  it('grants at most the rate per second and refills over time', () => {
    const limiter = new SendRateLimiter(new Map([[1, 10]]));
    assert.equal(limiter.take(1, 25, 0), 10);
    assert.equal(limiter.take(1, 5, 0), 0);
    assert.deepEqual(limiter.exhausted(0), [1]);
    assert.equal(limiter.nextTokenAt(1, 0), 100);
    assert.equal(limiter.take(1, 5, 500), 5);
    assert.equal(limiter.take(1, 5, 2000), 5);
    // Never more than one second of tokens, however long the pause.
    assert.equal(limiter.take(1, 100, 60_000), 10);
  });

  it('leaves accounts without a limit alone', () => {
    const limiter = new SendRateLimiter(new Map([[1, 2]]));
    assert.equal(limiter.take(2, 1000, 0), 1000);
    assert.deepEqual(limiter.exhausted(0), []);
    assert.equal(limiter.nextTokenAt(2, 0), 0);
  });
});
