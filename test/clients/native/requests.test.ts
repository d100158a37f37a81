import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HeraldApiError, HttpTransportError, RecordingTransport, createHeraldClient, multipart, responseOf, unwrap, type HttpRequest } from '../../../src/clients/native/index.js';

/* The exact requests the generated client sends through an injected transport, and how answers come back. */

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

function recorder(answer: (request: HttpRequest) => ReturnType<typeof responseOf> = () => responseOf(200, '{}', JSON_TYPE)) {
  const transport = new RecordingTransport(answer);
  const client = createHeraldClient({ baseUrl: 'http://herald.test:8080/', apiKey: 'hk_secret', transport });
  return { transport, client };
}

const text = (body: HttpRequest['body']): string => (body === undefined ? '' : Buffer.from(body).toString('utf8'));

describe('native client requests', () => {
  test('GET with a query: bearer key, serialised query, no body and no content type', async () => {
    const { transport, client } = recorder(() => responseOf(200, '{"items":[],"total":0}', JSON_TYPE));
    const result = await client.GET('/api/v1/contacts', { params: { query: { officeId: 3, search: 'ann@example.com', limit: 2 } } });
    assert.deepEqual(result.data, { items: [], total: 0 });
    const [request] = transport.requests;
    assert.equal(request?.method, 'GET');
    assert.equal(request?.url, 'http://herald.test:8080/api/v1/contacts?officeId=3&search=ann%40example.com&limit=2');
    assert.deepEqual(request?.headers, { authorization: 'Bearer hk_secret' });
    assert.equal(request?.body, undefined);
  });

  test('POST sends the JSON body as is; path parameters are filled in', async () => {
    const { transport, client } = recorder((req) => responseOf(201, JSON.stringify({ id: 7, ...JSON.parse(text(req.body)) }), JSON_TYPE));
    const office = unwrap(await client.POST('/api/v1/offices', { body: { name: 'Brighton', postCodeAllocation: ['BN1'] } }));
    assert.equal(office.id, 7);
    await client.PATCH('/api/v1/contacts/{id}', { params: { path: { id: 42 } }, body: { firstName: 'Zoë' } });
    const [create, patch] = transport.requests;
    assert.equal(create?.method, 'POST');
    assert.equal(create?.url, 'http://herald.test:8080/api/v1/offices');
    assert.deepEqual(create?.headers, { authorization: 'Bearer hk_secret', 'content-type': 'application/json' });
    assert.equal(text(create?.body), '{"name":"Brighton","postCodeAllocation":["BN1"]}');
    assert.equal(patch?.method, 'PATCH');
    assert.equal(patch?.url, 'http://herald.test:8080/api/v1/contacts/42');
    assert.deepEqual(Buffer.from(patch!.body!), Buffer.from('{"firstName":"Zoë"}', 'utf8'));
  });

  test('a 204 answer has no data; unwrap accepts it', async () => {
    const { transport, client } = recorder(() => responseOf(204, ''));
    const result = await client.DELETE('/api/v1/offices/{id}', { params: { path: { id: 5 } } });
    assert.equal(result.response.status, 204);
    assert.equal(unwrap(result), undefined);
    assert.equal(transport.requests[0]?.method, 'DELETE');
    assert.equal(transport.requests[0]?.body, undefined);
  });

  test("error answers: typed error from openapi-fetch, HeraldApiError from unwrap", async () => {
    const envelope = { error: { code: 'validation_failed', message: 'Invalid input', details: [{ field: 'email', code: 'invalid', message: 'Email Address Invalid' }] } };
    const { client } = recorder(() => responseOf(400, JSON.stringify(envelope), JSON_TYPE));
    const result = await client.POST('/api/v1/contacts', { body: { officeId: 1, email: 'nope' } });
    assert.equal(result.data, undefined);
    assert.deepEqual(result.error, envelope);
    assert.throws(
      () => unwrap(result),
      (err: unknown) => err instanceof HeraldApiError && err.status === 400 && err.code === 'validation_failed' && err.message === 'Invalid input' && err.details[0]?.field === 'email',
    );
  });

  test('an error body that is not the envelope (a proxy page) keeps its status and text', async () => {
    const { client } = recorder(() => responseOf(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' }));
    const result = await client.GET('/api/v1/account');
    assert.throws(() => unwrap(result), (err: unknown) => err instanceof HeraldApiError && err.status === 502 && err.code === 'http_502' && /Bad Gateway/.test(err.message));
  });

  test('multipart uploads: fields in order, then the file with its name', async () => {
    const { transport, client } = recorder(() => responseOf(202, '{"id":1}', JSON_TYPE));
    const file = new File(['email\r\nann@example.com\r\n'], 'contacts.csv', { type: 'text/csv' });
    await client.POST('/api/v1/imports', { body: { mode: 'upsert', header: 'true', file }, bodySerializer: multipart });
    const [request] = transport.requests;
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(request?.headers['content-type'] ?? '')?.[1];
    assert.ok(boundary, request?.headers['content-type']);
    const body = text(request?.body);
    const parts = body.split(`--${boundary}`).map((p) => p.trim()).filter((p) => p !== '' && p !== '--');
    assert.equal(parts.length, 3);
    assert.match(parts[0]!, /^Content-Disposition: form-data; name="mode"\r\n\r\nupsert$/);
    assert.match(parts[1]!, /^Content-Disposition: form-data; name="header"\r\n\r\ntrue$/);
    assert.match(parts[2]!, /^Content-Disposition: form-data; name="file"; filename="contacts.csv"\r\nContent-Type: text\/csv\r\n\r\nemail\r\nann@example.com$/);
  });

  test('downloads: parseAs text or blob', async () => {
    const { transport, client } = recorder(() => responseOf(200, 'email\r\nann@example.com\r\n', { 'content-type': 'text/csv; charset=utf-8' }));
    const csv = await client.GET('/api/v1/exports', { params: { query: { format: 'csv', status: 'Permitted' } }, parseAs: 'text' });
    assert.equal(csv.data, 'email\r\nann@example.com\r\n');
    assert.equal(transport.requests[0]?.url, 'http://herald.test:8080/api/v1/exports?format=csv&status=Permitted');
  });

  test('transport failures reach the caller unchanged', async () => {
    const { client } = recorder(() => {
      throw new HttpTransportError('GET http://herald.test:8080/api/v1/account failed: connect ECONNREFUSED');
    });
    await assert.rejects(client.GET('/api/v1/account'), HttpTransportError);
  });
});
