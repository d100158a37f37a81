import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { arrayLiteral } from '../../../src/core/imports/writing/dialect.js';
import { describeOnDatabase, PG_ADMIN_URL } from '../../support/databases.js';

const AWKWARD = ['plain', '', 'NULL', 'with "quotes"', 'back\\slash', '\\"', 'comma, inside', '{braces}', ' spaced ', 'line\nbreak', 'tab\there', 'Ünïcödé ✓', "it's"];

test('arrayLiteral quotes every text element, escapes quotes and backslashes, writes NULL and bare numbers', () => {
  assert.equal(arrayLiteral([]), '{}');
  assert.equal(arrayLiteral(['a', '', null, 'NULL']), '{"a","",NULL,"NULL"}');
  assert.equal(arrayLiteral(['say "hi"', 'a\\b']), '{"say \\"hi\\"","a\\\\b"}');
  assert.equal(arrayLiteral([1, 42, 9007199254740991]), '{1,42,9007199254740991}');
});

describeOnDatabase('postgres', 'arrayLiteral read back by PostgreSQL', () => {
  let client: pg.Client;
  before(async () => {
    client = new pg.Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
  });
  after(() => client.end());

  test('text[]: every awkward value and NULL come back exactly', async () => {
    const values = [...AWKWARD, null];
    const { rows } = await client.query<{ a: (string | null)[] }>('select $1::text[] as a', [arrayLiteral(values)]);
    assert.deepEqual(rows[0]!.a, values);
  });

  test('bigint[] through unnest, in order', async () => {
    const { rows } = await client.query<{ v: string }>('select v from unnest($1::bigint[]) with ordinality as u(v, n) order by n', [arrayLiteral([3, 1, 2])]);
    assert.deepEqual(rows.map((r) => Number(r.v)), [3, 1, 2]);
  });
});
