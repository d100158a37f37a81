import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Api, accountApi, expectError } from './client.js';

/*
 * Generated from the served OpenAPI document: every integer or number a client can send (query,
 * path or JSON body, nested or not) must declare both bounds, and each value outside them, or not
 * a number at all, must be a 400 naming that field, never a 500 from the database.
 */

interface JsonSchema {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  $ref?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  patternProperties?: Record<string, JsonSchema>;
}
interface Operation {
  parameters?: { in: string; name: string; schema: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
}

/** A numeric input: where it goes, its dotted path and its declared bounds. */
interface NumericField {
  method: string;
  route: string;
  part: 'query' | 'path' | 'body';
  path: string[];
  schema: JsonSchema;
}

function numericFields(doc: OpenApi, schema: JsonSchema | undefined, path: string[], found: (path: string[], schema: JsonSchema) => void): void {
  if (schema === undefined) return;
  const resolved = schema.$ref ? doc.components.schemas[schema.$ref.split('/').at(-1) ?? ''] : schema;
  if (resolved === undefined) return;
  // A literal (`ratePeriod: 60`) is an enum, not a range.
  if ((resolved.type === 'integer' || resolved.type === 'number') && resolved.const === undefined && resolved.enum === undefined) found(path, resolved);
  for (const [key, property] of Object.entries(resolved.properties ?? {})) numericFields(doc, property, [...path, key], found);
  numericFields(doc, resolved.items, [...path, '0'], found);
  for (const branch of resolved.anyOf ?? []) numericFields(doc, branch, path, found);
}

function collect(doc: OpenApi): NumericField[] {
  const out: NumericField[] = [];
  for (const [route, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      for (const parameter of operation.parameters ?? []) {
        const part = parameter.in === 'path' ? 'path' : 'query';
        numericFields(doc, parameter.schema, [parameter.name], (path, schema) => out.push({ method, route, part, path, schema }));
      }
      const body = operation.requestBody?.content?.['application/json']?.schema;
      numericFields(doc, body, [], (path, schema) => out.push({ method, route, part: 'body', path, schema }));
    }
  }
  return out;
}

/** `minimum`, or `exclusiveMinimum` (an amount above 0): either bounds the field from below. */
const lowerBound = (f: NumericField): number | undefined => f.schema.minimum ?? f.schema.exclusiveMinimum;

const name = (f: NumericField) => `${f.method.toUpperCase()} ${f.route} ${f.part}.${f.path.join('.')}`;

/** Text values out of range for the field: far too big, overflowing, below its minimum, fractional, not a number. */
function badTexts(field: NumericField): string[] {
  const out = ['99999999999999999999', '1e309', 'abc', `${Number.MAX_SAFE_INTEGER}0`];
  const low = lowerBound(field);
  if (low !== undefined) out.push(String(low - 1));
  if (field.schema.type === 'integer') out.push('1.5');
  return out;
}

/** The same as JSON: numbers where JSON can spell them, the rest as strings. */
function badJson(field: NumericField): unknown[] {
  const out: unknown[] = [1e20, 'abc', Number.MAX_SAFE_INTEGER * 10];
  const low = lowerBound(field);
  if (low !== undefined) out.push(low - 1);
  if (field.schema.type === 'integer') out.push(1.5);
  return out;
}

function bodyWith(path: string[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const inner = bodyWith(rest, value);
  return head === '0' ? [inner] : { [head]: inner };
}

function urlOf(field: NumericField, value: string | null): string {
  const route = field.route.replace(/^\/api\/v1/, '').replace(/\{(\w+)\}/g, (_m, param: string) => (field.part === 'path' && param === field.path[0] && value !== null ? encodeURIComponent(value) : '1'));
  return field.part === 'query' && value !== null ? `${route}?${field.path[0] ?? ''}=${encodeURIComponent(value)}` : route;
}

describeEachDatabase('native API number bounds', (kind) => {
  let server: TestServer;
  let account: Api;
  let operator: Api;
  let fields: NumericField[];
  before(async () => {
    server = await startTestServer(kind, { operatorKey: 'operator-secret-key-for-bounds' });
    account = await accountApi(server);
    operator = new Api(server, 'operator-secret-key-for-bounds');
    fields = collect((await (await fetch(`${server.baseUrl}/api/v1/openapi.json`)).json()) as OpenApi);
  });
  after(() => server.close());

  const apiFor = (field: NumericField) => (field.route.startsWith('/api/v1/operator/') ? operator : account);

  test('the document has numeric inputs in every part, and each declares a minimum and a maximum', () => {
    for (const part of ['query', 'path', 'body'] as const) assert.ok(fields.some((f) => f.part === part), `no numeric ${part} input found`);
    const unbounded = fields.filter((f) => lowerBound(f) === undefined || f.schema.maximum === undefined).map(name);
    assert.deepEqual(unbounded, []);
  });

  test('out-of-range and non-numeric query and path values are 400 naming the field', async () => {
    for (const field of fields.filter((f) => f.part !== 'body')) {
      for (const value of badTexts(field)) {
        const res = await apiFor(field).request(field.method.toUpperCase(), urlOf(field, value), ['post', 'put', 'patch'].includes(field.method) ? {} : undefined);
        assert.notEqual(res.status, 500, `${name(field)}=${value}: ${JSON.stringify(res.body)}`);
        const prefix = field.part === 'path' ? 'params' : 'querystring';
        expectError(res, 400, 'validation_failed', [`${prefix}.${field.path.join('.')}`]);
      }
    }
  });

  test('out-of-range and non-numeric JSON body values are 400 naming the field', async () => {
    for (const field of fields.filter((f) => f.part === 'body')) {
      for (const value of badJson(field)) {
        const res = await apiFor(field).request(field.method.toUpperCase(), urlOf(field, null), bodyWith(field.path, value));
        assert.notEqual(res.status, 500, `${name(field)}=${String(value)}: ${JSON.stringify(res.body)}`);
        // An array element is reported on the element or on the array that holds it.
        const body = expectError(res, 400, 'validation_failed');
        const path = field.path.join('.');
        assert.ok(body.error.details.some((d) => d.field !== '' && (path === d.field || path.startsWith(`${d.field}.`))), `${name(field)}=${String(value)}: ${JSON.stringify(body.error.details)}`);
      }
    }
  });
});
