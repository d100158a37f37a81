import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filesExpired, uploadAllowance } from '../../../src/core/imports/retention.js';
import { MAX_IMPORT_FILE_BYTES } from '../../../src/core/imports/types.js';

const NOW = Date.parse('2026-12-08T12:00:00.000Z');

describe('filesExpired', () => {
  const cases: [string | null, number, boolean][] = [
    [null, 30, false],
    ['2026-12-08T11:59:00.000Z', 30, false],
    ['2026-11-08T12:00:01.000Z', 30, false],
    ['2026-11-08T12:00:00.000Z', 30, true],
    ['2026-01-01T00:00:00.000Z', 30, true],
    ['2026-12-07T12:00:00.000Z', 1, true],
  ];
  for (const [finishedAt, days, expected] of cases) {
    it(`${String(finishedAt)} kept ${days} days → ${expected ? 'expired' : 'kept'}`, () => assert.equal(filesExpired(finishedAt, days, NOW), expected));
  }
});

describe('uploadAllowance', () => {
  const GB = 1024 ** 3;
  const cases: [number, number, number][] = [
    [0, GB, MAX_IMPORT_FILE_BYTES],
    [GB - MAX_IMPORT_FILE_BYTES, GB, MAX_IMPORT_FILE_BYTES],
    [GB - 1000, GB, 1000],
    [GB, GB, 0],
    [GB + 5, GB, -5],
  ];
  for (const [stored, quota, expected] of cases) {
    it(`${stored} stored of ${quota} → ${expected}`, () => assert.equal(uploadAllowance(stored, quota), expected));
  }
});
