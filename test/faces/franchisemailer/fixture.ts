/** One Herald server per suite with an account and the vendor's PHP client bound to it. */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../support/server.js';
import type { DatabaseKind } from '../../support/databases.js';
import type { CreatedAccount } from '../../../src/core/accounts/accounts.js';
import { phpApiClient, type ApiCall, type ApiResponse } from '../../support/php-api-call.js';

export interface FmFixture {
  server: TestServer;
  account: CreatedAccount;
  api: ApiCall;
}

/** Registers before/after hooks in the calling describe; read `.server` etc. inside tests. */
export function fmFixture(kind: DatabaseKind, options: { bodyLimit?: number } = {}): FmFixture {
  const fixture = {} as FmFixture;
  before(async () => {
    fixture.server = await startTestServer(kind, options);
    fixture.account = await fixture.server.createAccount();
    fixture.api = phpApiClient(fixture.server.baseUrl, fixture.account.credentials.franchisemailer);
  });
  after(async () => {
    await fixture.server?.close();
  });
  return fixture;
}

type Json = Record<string, unknown>;

/** Asserts the success envelope and returns `data`. */
export function ok(res: ApiResponse, status = 200): Json {
  assert.equal(res.status, status, res.text);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const body = res.json as { status: string; data: Json };
  assert.equal(body.status, 'success', res.text);
  return body.data;
}

/** Asserts the FranchiseMailer error envelope with the given status and returns the message. */
export function fmError(res: ApiResponse, status: number, message?: string | RegExp): string {
  assert.equal(res.status, status, res.text);
  const body = res.json as { messages?: { error?: { message?: unknown } } };
  assert.deepEqual(Object.keys(body), ['messages'], res.text);
  const text = body.messages?.error?.message;
  assert.equal(typeof text, 'string', res.text);
  if (typeof message === 'string') assert.equal(text, message);
  else if (message) assert.match(text as string, message);
  return text as string;
}

/** The document's office example (Create Office). */
export const DOC_OFFICE = {
  name: 'Worthing',
  property: '118',
  street: 'Long Street',
  area: 'Tarring',
  town: 'Worthing',
  county: 'West Sussex',
  post_code: 'BN14 8AD',
  telephone: '01903 123 456',
  fax: '01903 123 456',
  email: 'worthing@yourfranchise.co.uk',
  website: 'http://www.yourfranchise.co.uk/worthing',
  post_code_allocation: 'BN1,BN2,BN3',
};

/** Creates an office through the API and returns its id (string, as FM sends it). */
export async function makeOffice(api: ApiCall, name: string, allocation = ''): Promise<string> {
  const data = ok(await api('POST', '/offices', { ...DOC_OFFICE, name, post_code_allocation: allocation }), 201);
  return (data.office as { id: string }).id;
}

export const ISO_PHP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;
