import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SCHEMA_FILE, schemaSource, servedDocument } from '../../../scripts/generate-native-client.js';
import { startTestServer } from '../../support/server.js';

/*
 * CI's guard that the checked-in client types match the API: regenerate in memory exactly as
 * `npm run clients:generate` does and compare. A failure means a route or schema changed without
 * a regeneration: run `npm run clients:generate` and commit src/clients/native/schema.ts.
 */

test('src/clients/native/schema.ts is what openapi-typescript makes of the served document', async () => {
  const expected = await schemaSource(await servedDocument());
  const actual = readFileSync(SCHEMA_FILE, 'utf8');
  assert.ok(actual === expected, 'src/clients/native/schema.ts is stale: run `npm run clients:generate`');
});

test('the generator reads the same document a running server serves', async () => {
  const server = await startTestServer('sqlite');
  try {
    const res = await fetch(`${server.baseUrl}/api/v1/openapi.json`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), await servedDocument());
  } finally {
    await server.close();
  }
});
