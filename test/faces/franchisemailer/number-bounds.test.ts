import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { fmFixture } from './fixture.js';

/*
 * Every number a FranchiseMailer client sends (paging, path ids, ids in bodies and filters) given
 * a value no database column holds, a negative, a fraction, an exponent or text: a 4xx in the FM
 * error envelope, never a 500.
 */
const BAD = ['99999999999999999999', '9007199254740993', '-1', '1.5', '1e309', 'abc'];

/** method, path, body: where the number goes; then values refused there beyond BAD. */
const CASES: [string, (v: string) => string, (v: string) => Record<string, string>, string[]?][] = [
  // Offsets stop at 2^31 − 1, like every list's.
  ['GET', (v) => `/contacts?offset=${encodeURIComponent(v)}`, () => ({}), ['2147483648']],
  ['GET', (v) => `/contacts?limit=${encodeURIComponent(v)}`, () => ({})],
  ['GET', (v) => `/contacts?office=${encodeURIComponent(v)}`, () => ({})],
  ['GET', (v) => `/contacts?group=${encodeURIComponent(v)}`, () => ({})],
  ['GET', (v) => `/contacts/${encodeURIComponent(v)}`, () => ({})],
  ['PUT', (v) => `/contacts/${encodeURIComponent(v)}`, () => ({ first_name: 'A' })],
  ['DELETE', (v) => `/contacts/${encodeURIComponent(v)}`, () => ({})],
  ['POST', () => '/contacts', (v) => ({ email: 'bounds@example.com', office: v })],
  ['POST', () => '/contacts', (v) => ({ email: 'bounds@example.com', office: '0', groups: v })],
  ['GET', (v) => `/offices/${encodeURIComponent(v)}`, () => ({})],
  ['GET', (v) => `/users/${encodeURIComponent(v)}`, () => ({})],
  ['POST', () => '/users', (v) => ({ name: 'B', email: 'bounds-user@example.com', offices: v })],
  ['GET', (v) => `/contactgroups/${encodeURIComponent(v)}`, () => ({})],
  ['POST', () => '/contactgroups', (v) => ({ name: 'Bounds', offices: v })],
  ['GET', (v) => `/customfields/${encodeURIComponent(v)}`, () => ({})],
  ['GET', (v) => `/sso/${encodeURIComponent(v)}`, () => ({})],
];

describeEachDatabase('FranchiseMailer number bounds', (kind) => {
  const f = fmFixture(kind);

  test('out-of-range numbers are a 4xx in the FM error envelope on every route that reads one', async () => {
    const failures: string[] = [];
    for (const [method, path, body, extra] of CASES) {
      for (const value of [...BAD, ...(extra ?? [])]) {
        const res = await f.api(method, path(value), body(value));
        const envelope = res.json as { messages?: { error?: { message?: unknown } } } | null;
        if (res.status < 400 || res.status >= 500 || typeof envelope?.messages?.error?.message !== 'string') failures.push(`${method} ${path(value)} ${JSON.stringify(body(value))}: ${res.status} ${res.text.slice(0, 160)}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
