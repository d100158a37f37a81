import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { SCHEMA_SQL_FILE, columnLine, generateSchemaSql, readCatalog, renderSchema, tableOrder, type Catalog } from '../../scripts/generate-schema-sql.js';
import { createScratchPostgres, describeOnDatabase } from '../support/databases.js';

/*
 * CI's guard that docs/schema.sql is the schema the migrations make: regenerate it in memory exactly
 * as `npm run schema:generate` does and compare. A failure after a migration change means: run
 * `npm run schema:generate` and commit docs/schema.sql.
 */

/** The first line where two texts part, for a failure message a reader can act on. */
function firstDifference(expected: string, actual: string): string {
  const want = expected.split('\n');
  const got = actual.split('\n');
  const line = want.findIndex((l, i) => l !== got[i]);
  const at = line < 0 ? want.length : line;
  return `line ${at + 1}: expected ${JSON.stringify(want[at] ?? '<end of file>')}, found ${JSON.stringify(got[at] ?? '<end of file>')}`;
}

describeOnDatabase('postgres', 'docs/schema.sql', () => {
  test('is what the migrations make of a new database', async () => {
    const expected = await generateSchemaSql();
    const actual = readFileSync(SCHEMA_SQL_FILE, 'utf8');
    assert.ok(actual === expected, `docs/schema.sql is stale: run npm run schema:generate (${firstDifference(expected, actual)})`);
  });

  test('runs as written on an empty database and builds the schema it shows', async () => {
    const text = readFileSync(SCHEMA_SQL_FILE, 'utf8');
    const scratch = await createScratchPostgres('herald_schema_sql');
    try {
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      try {
        await client.query(text);
      } finally {
        await client.end();
      }
      assert.equal(renderSchema(await readCatalog(scratch.url)), text);
    } finally {
      await scratch.drop();
    }
  });
});

describe('schema rendering', () => {
  const column = { table: 'things', name: 'id', type: 'bigint', notNull: true, default: "nextval('things_id_seq'::regclass)" };
  const lines: [string, Parameters<typeof columnLine>[0], string][] = [
    ['its own sequence reads as bigserial', column, 'id bigserial'],
    ['an integer on its own sequence reads as serial', { ...column, type: 'integer' }, 'id serial'],
    ["another column's sequence stays a default", { ...column, default: "nextval('others_id_seq'::regclass)" }, "id bigint NOT NULL DEFAULT nextval('others_id_seq'::regclass)"],
    ['nullable, no default', { ...column, name: 'note', type: 'text', notNull: false, default: null }, 'note text'],
    ['not null with a default', { ...column, name: 'status', type: 'text', default: "'NEW'::text" }, "status text NOT NULL DEFAULT 'NEW'::text"],
  ];
  for (const [name, input, expected] of lines) it(`column: ${name}`, () => assert.equal(columnLine(input), expected));

  const catalog = (tables: string[], keys: [string, string][]): Catalog => ({
    columns: tables.map((table) => ({ table, name: 'id', type: 'text', notNull: false, default: null })),
    constraints: keys.map(([table, target]) => ({ table, name: `${table}_fk`, kind: 'f', definition: `FOREIGN KEY (x) REFERENCES ${target}(id)` })),
    indexes: [],
  });
  const orders: [string, string[], [string, string][], string[]][] = [
    ['by name without foreign keys', ['b', 'a', 'c'], [], ['a', 'b', 'c']],
    ['a table after the ones it points at', ['a', 'b', 'c'], [['a', 'c'], ['c', 'b']], ['b', 'c', 'a']],
    ['a key to itself does not hold it back', ['a', 'b'], [['a', 'a']], ['a', 'b']],
    ['a cycle ends the file in name order', ['a', 'b', 'c'], [['a', 'b'], ['b', 'a']], ['c', 'a', 'b']],
  ];
  for (const [name, tables, keys, expected] of orders) it(`table order: ${name}`, () => assert.deepEqual(tableOrder(catalog(tables, keys)), expected));
});
