import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Api, accountApi, expectError } from './client.js';
import { mapError } from '../../../src/faces/native/errors.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/core/errors.js';

/* Auth, error format, body handling, OpenAPI and docs: nothing here needs the audience core. */
describeEachDatabase('native API infrastructure', (kind) => {
  let server: TestServer;
  let api: Api;
  before(async () => {
    server = await startTestServer(kind, { bodyLimit: 4096 });
    api = await accountApi(server);
  });
  after(() => server.close());

  test('401 without a key, with a wrong key and with a non-bearer scheme', async () => {
    for (const res of [
      await new Api(server, null).get('/offices'),
      await new Api(server, 'not-a-real-key').get('/offices'),
      await new Api(server, null).request('GET', '/offices', undefined, { authorization: `Basic ${api.apiKey ?? ''}` }),
      await new Api(server, 'nope').post('/offices', { name: 'X' }),
    ]) {
      const body = expectError(res, 401, 'unauthorized');
      assert.deepEqual(body.error.details, []);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
    }
  });

  test('the key of one account is accepted in any letter case of the scheme', async () => {
    const res = await new Api(server, null).request('GET', '/offices/abc', undefined, { authorization: `bearer ${api.apiKey ?? ''}` });
    // Authenticated, so the request gets as far as parameter validation.
    expectError(res, 400, 'validation_failed', ['params.id']);
  });

  test('path ids must be positive integers', async () => {
    for (const path of ['/offices/abc', '/users/0', '/custom-fields/-3', '/contacts/1.5', '/contact-groups/99999999999999999999']) {
      expectError(await api.get(path), 400, 'validation_failed', ['params.id']);
    }
    expectError(await api.patch('/offices/x', { name: 'A' }), 400, 'validation_failed', ['params.id']);
    expectError(await api.delete('/contacts/nope'), 400, 'validation_failed', ['params.id']);
  });

  test('unknown routes and methods under /api/v1 are 404 in the error format', async () => {
    expectError(await api.get('/nothing-here'), 404, 'not_found');
    expectError(await new Api(server, null).get('/nothing-here'), 404, 'not_found');
    expectError(await api.delete('/offices'), 404, 'not_found');
  });

  test('malformed JSON is 400 invalid_json', async () => {
    expectError(await api.post('/offices', '{"name": "A",'), 400, 'invalid_json');
    // Fastify's prototype-poisoning guard still applies.
    expectError(await api.post('/offices', '{"name": "A", "__proto__": {"x": 1}}'), 400, 'invalid_json');
    // An empty JSON body is no body: the schema then asks for an object.
    expectError(await api.request('POST', '/offices', '', { 'content-type': 'application/json' }), 400, 'validation_failed');
  });

  test('a body over the limit is 413', async () => {
    const res = await api.post('/offices', { name: 'x'.repeat(10_000) });
    expectError(res, 413, 'payload_too_large');
  });

  test('non-JSON bodies are 415, including form bodies other faces accept', async () => {
    expectError(await api.request('POST', '/offices', 'name=A', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
    expectError(await api.request('POST', '/offices', 'name=A', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
  });

  test('schema violations are 400 with one detail per field', async () => {
    const res = await api.post('/offices', { name: 5, nmae: 'typo', postCodeAllocation: 'BN1' });
    const body = expectError(res, 400, 'validation_failed', ['name', 'nmae', 'postCodeAllocation']);
    const byField = new Map(body.error.details.map((d) => [d.field, d.code]));
    assert.equal(byField.get('nmae'), 'not_allowed');
    assert.equal(byField.get('name'), 'invalid');
    expectError(await api.post('/offices', {}), 400, 'validation_failed', ['name']);
    expectError(await api.request('POST', '/offices'), 400, 'validation_failed');
    // Query strings are converted from text but still checked.
    expectError(await api.get('/contacts?limit=0'), 400, 'validation_failed', ['querystring.limit']);
    expectError(await api.get('/contacts?limit=501'), 400, 'validation_failed', ['querystring.limit']);
    expectError(await api.get('/contacts?status=Happy'), 400, 'validation_failed', ['querystring.status']);
    expectError(await api.get('/contacts?officeId=abc'), 400, 'validation_failed', ['querystring.officeId']);
  });

  test('types are not coerced in bodies', async () => {
    expectError(await api.post('/contacts', { officeId: '1' }), 400, 'validation_failed', ['officeId']);
    expectError(await api.post('/users', { username: 'u', password: 'p', firstName: 'F', lastName: 'L', email: 'e@x.io', offices: [1], active: 'yes' }), 400, 'validation_failed', ['active']);
    expectError(await api.post('/contact-groups', { name: 'G', offices: 'some' }), 400, 'validation_failed', ['offices']);
  });

  test('a DELETE that declares JSON but sends no body still works as far as the core', async () => {
    const res = await api.request('DELETE', '/offices/424242', undefined, { 'content-type': 'application/json' });
    expectError(res, 404, 'not_found');
  });

  test('error mapping: domain errors keep their meaning, anything else is a generic 500', () => {
    assert.equal(mapError(ValidationError.single('name', 'too_long', 'Too long'))?.status, 400);
    assert.deepEqual(mapError(ValidationError.single('name', 'too_long', 'Too long'))?.body.error.details, [{ field: 'name', code: 'too_long', message: 'Too long' }]);
    assert.equal(mapError(new NotFoundError('Office', 3))?.status, 404);
    assert.deepEqual(mapError(new ConflictError('Taken', 'email'))?.body, {
      error: { code: 'conflict', message: 'Taken', details: [{ field: 'email', code: 'conflict', message: 'Taken' }] },
    });
    // null means "internal": the handler logs it and answers with a message that reveals nothing.
    assert.equal(mapError(new Error('connection refused at 10.0.0.5')), null);
    assert.equal(mapError(Object.assign(new Error('boom'), { code: 'SOMETHING', statusCode: 503 })), null);
  });

  test('other faces keep their own routes and formats', async () => {
    const res = await fetch(`${server.baseUrl}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  test('openapi.json is a 3.1 document of the /api/v1 operations only', async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/openapi.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const doc = (await res.json()) as {
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, Record<string, { operationId?: string; tags?: string[]; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; scheme?: string }> };
      security: Record<string, string[]>[];
      tags: { name: string }[];
    };
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.title, 'Herald');
    assert.deepEqual(doc.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', description: 'The account native API key.' });
    assert.deepEqual(doc.security, [{ bearerAuth: [] }]);
    for (const path of Object.keys(doc.paths)) assert.ok(path.startsWith('/api/v1/'), `unexpected path ${path}`);
    assert.ok(!('/api/v1/openapi.json' in doc.paths));
    const operations = new Map<string, string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        assert.ok(op.operationId, `${method} ${path} has no operationId`);
        assert.ok(!operations.has(op.operationId), `duplicate operationId ${op.operationId}`);
        assert.equal(op.tags?.length, 1);
        assert.ok(op.responses['401'], `${op.operationId} documents 401`);
        operations.set(op.operationId, `${method.toUpperCase()} ${path}`);
      }
    }
    const expected: Record<string, string> = {};
    for (const [plural, singular, path] of [
      ['Offices', 'Office', '/api/v1/offices'],
      ['Users', 'User', '/api/v1/users'],
      ['CustomFields', 'CustomField', '/api/v1/custom-fields'],
      ['Contacts', 'Contact', '/api/v1/contacts'],
      ['ContactGroups', 'ContactGroup', '/api/v1/contact-groups'],
    ] as const) {
      expected[`list${plural}`] = `GET ${path}`;
      expected[singular === 'ContactGroup' ? 'createContactGroups' : `create${singular}`] = `POST ${path}`;
      expected[`get${singular}`] = `GET ${path}/{id}`;
      expected[`update${singular}`] = `PATCH ${path}/{id}`;
      expected[`put${singular}`] = `PUT ${path}/{id}`;
      expected[`delete${singular}`] = `DELETE ${path}/{id}`;
    }
    expected.findContactsByEmail = 'GET /api/v1/contacts/by-email/{email}';
    expected.findContactsByPhone = 'GET /api/v1/contacts/by-phone/{phone}';
    expected.createImport = 'POST /api/v1/imports';
    expected.listImports = 'GET /api/v1/imports';
    expected.getImport = 'GET /api/v1/imports/{id}';
    expected.getImportLog = 'GET /api/v1/imports/{id}/log';
    expected.getImportBadFile = 'GET /api/v1/imports/{id}/bad-file';
    expected.exportContacts = 'GET /api/v1/exports';
    expected.sendEmail = 'POST /api/v1/messages/email';
    expected.sendEmailBatch = 'POST /api/v1/messages/email/batch';
    expected.listMessages = 'GET /api/v1/messages';
    expected.getMessage = 'GET /api/v1/messages/{id}';
    expected.listMessageEvents = 'GET /api/v1/messages/{id}/events';
    expected.getEmailStats = 'GET /api/v1/stats/email';
    expected.createSmsCampaign = 'POST /api/v1/sms/campaigns';
    expected.listSmsCampaigns = 'GET /api/v1/sms/campaigns';
    expected.getSmsCampaign = 'GET /api/v1/sms/campaigns/{id}';
    expected.deleteSmsCampaign = 'DELETE /api/v1/sms/campaigns/{id}';
    expected.sendSmsCampaign = 'POST /api/v1/sms/campaigns/{id}/send';
    expected.listSmsCampaignMessages = 'GET /api/v1/sms/campaigns/{id}/messages';
    expected.addSmsCampaignRecipients = 'POST /api/v1/sms/campaigns/{id}/recipients';
    expected.uploadSmsCampaignRecipients = 'POST /api/v1/sms/campaigns/{id}/recipients/file';
    expected.createSmsLink = 'POST /api/v1/sms/links';
    expected.listSmsLinks = 'GET /api/v1/sms/links';
    expected.getSmsLink = 'GET /api/v1/sms/links/{id}';
    expected.updateSmsLink = 'PATCH /api/v1/sms/links/{id}';
    expected.deleteSmsLink = 'DELETE /api/v1/sms/links/{id}';
    expected.getSmsLinkStats = 'GET /api/v1/sms/links/{id}/stats';
    expected.listSmsPrices = 'GET /api/v1/sms/prices';
    expected.listSmsStopList = 'GET /api/v1/sms/stop-list';
    expected.addSmsStopList = 'POST /api/v1/sms/stop-list';
    expected.removeSmsStopList = 'DELETE /api/v1/sms/stop-list/{number}';
    expected.listSmsSenderIds = 'GET /api/v1/sms/sender-ids';
    expected.createSmsSenderId = 'POST /api/v1/sms/sender-ids';
    expected.updateSmsSenderId = 'PATCH /api/v1/sms/sender-ids/{id}';
    expected.deleteSmsSenderId = 'DELETE /api/v1/sms/sender-ids/{id}';
    expected.operatorListSmsPrices = 'GET /api/v1/operator/sms/prices';
    expected.operatorSetSmsPrices = 'PUT /api/v1/operator/sms/prices';
    expected.operatorDeleteSmsPrice = 'DELETE /api/v1/operator/sms/prices/{id}';
    expected.operatorListExchangeRates = 'GET /api/v1/operator/sms/exchange-rates';
    expected.operatorSetExchangeRates = 'PUT /api/v1/operator/sms/exchange-rates';
    expected.operatorDeleteExchangeRate = 'DELETE /api/v1/operator/sms/exchange-rates/{from}/{to}';
    expected.operatorListStopList = 'GET /api/v1/operator/sms/stop-list';
    expected.operatorAddStopList = 'POST /api/v1/operator/sms/stop-list';
    expected.operatorRemoveStopList = 'DELETE /api/v1/operator/sms/stop-list/{number}';
    expected.operatorGetAccountSms = 'GET /api/v1/operator/accounts/{id}/sms';
    expected.operatorUpdateAccountSms = 'PATCH /api/v1/operator/accounts/{id}/sms';
    expected.operatorListSmsCampaigns = 'GET /api/v1/operator/sms/campaigns';
    expected.operatorApproveSmsCampaign = 'POST /api/v1/operator/sms/campaigns/{id}/approve';
    expected.operatorDeclineSmsCampaign = 'POST /api/v1/operator/sms/campaigns/{id}/decline';
    expected.getTask = 'GET /api/v1/tasks/{id}';
    expected.listSmsMessages = 'GET /api/v1/sms/messages';
    expected.sendSms = 'POST /api/v1/messages/sms';
    expected.getAccount = 'GET /api/v1/account';
    expected.updateAccount = 'PATCH /api/v1/account';
    expected.listSuppressions = 'GET /api/v1/suppressions';
    expected.addSuppression = 'POST /api/v1/suppressions';
    expected.removeSuppression = 'DELETE /api/v1/suppressions/{address}';
    expected.listUnsubscribeForms = 'GET /api/v1/unsubscribe-forms';
    expected.createUnsubscribeForm = 'POST /api/v1/unsubscribe-forms';
    expected.getUnsubscribeForm = 'GET /api/v1/unsubscribe-forms/{id}';
    expected.updateUnsubscribeForm = 'PATCH /api/v1/unsubscribe-forms/{id}';
    expected.putUnsubscribeForm = 'PUT /api/v1/unsubscribe-forms/{id}';
    expected.deleteUnsubscribeForm = 'DELETE /api/v1/unsubscribe-forms/{id}';
    expected.createCallback = 'POST /api/v1/callbacks';
    expected.listCallbacks = 'GET /api/v1/callbacks';
    expected.getCallback = 'GET /api/v1/callbacks/{id}';
    expected.updateCallback = 'PATCH /api/v1/callbacks/{id}';
    expected.deleteCallback = 'DELETE /api/v1/callbacks/{id}';
    expected.rotateCallbackSecret = 'POST /api/v1/callbacks/{id}/rotate-secret';
    expected.listCallbackDeliveries = 'GET /api/v1/callbacks/{id}/deliveries';
    expected.getBilling = 'GET /api/v1/billing';
    expected.listBillingLedger = 'GET /api/v1/billing/ledger';
    expected.operatorGetBilling = 'GET /api/v1/operator/accounts/{id}/billing';
    expected.operatorSetBilling = 'PUT /api/v1/operator/accounts/{id}/billing';
    expected.operatorTopUpBilling = 'POST /api/v1/operator/accounts/{id}/billing/top-ups';
    expected.operatorClearBilling = 'DELETE /api/v1/operator/accounts/{id}/billing';
    expected.operatorListBillingLedger = 'GET /api/v1/operator/accounts/{id}/billing/ledger';
    expected.listTemplates = 'GET /api/v1/templates';
    expected.getTemplate = 'GET /api/v1/templates/{id}';
    expected.createTemplate = 'POST /api/v1/templates';
    expected.updateTemplate = 'PATCH /api/v1/templates/{id}';
    expected.putTemplate = 'PUT /api/v1/templates/{id}';
    expected.deleteTemplate = 'DELETE /api/v1/templates/{id}';
    expected.listSenders = 'GET /api/v1/senders';
    expected.createSender = 'POST /api/v1/senders';
    expected.deleteSender = 'DELETE /api/v1/senders/{id}';
    expected.resendSenderVerification = 'POST /api/v1/senders/{id}/resend-verification';
    expected.listDkimDomains = 'GET /api/v1/dkim-domains';
    expected.createDkimDomain = 'POST /api/v1/dkim-domains';
    expected.deleteDkimDomain = 'DELETE /api/v1/dkim-domains/{id}';
    assert.deepEqual(Object.fromEntries([...operations].sort()), Object.fromEntries(Object.entries(expected).sort()));
    for (const name of ['Error', 'Office', 'User', 'CustomField', 'Contact', 'ContactGroup']) assert.ok(doc.components.schemas[name], `component ${name}`);
    assert.deepEqual(doc.tags.map((t) => t.name), ['Offices', 'Users', 'Custom fields', 'Contacts', 'Contact groups', 'Imports', 'Exports', 'Messages', 'Statistics', 'Senders', 'DKIM domains', 'Suppression list', 'Unsubscribe forms', 'Templates', 'Callbacks', 'Billing', 'Account', 'SMS', 'SMS short links', 'Tasks', 'SMS campaigns', 'Operator']);
    // The password is write-only: it may be sent but never appears in the User schema.
    assert.ok(!JSON.stringify(doc.components.schemas.User).includes('password'));
  });

  test('/docs serves the Swagger UI page with local assets', async () => {
    const res = await fetch(`${server.baseUrl}/docs`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    assert.match(html, /swagger-ui/i);
    const bundle = await fetch(`${server.baseUrl}/docs/static/swagger-ui-bundle.js`);
    assert.equal(bundle.status, 200);
    await bundle.arrayBuffer();
    const spec = (await (await fetch(`${server.baseUrl}/docs/json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(spec.openapi, '3.1.0');
    assert.ok(Object.keys(spec.paths).every((p) => p.startsWith('/api/v1/')));
  });
});
