/** One Herald server per suite, an account with an open Member REST token, and the PHP client's calls. */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../support/server.js';
import type { ThrottlePolicy } from '../../../src/core/auth-throttle/window.js';
import type { DatabaseKind } from '../../support/databases.js';
import { getResult, openPath, sfRequest, type SfResponse } from '../../support/smartfocus-client.js';
import type { CreatedAccount } from '../../../src/core/accounts/accounts.js';

export const P = '/apimember/services/rest';
export const DECL = '<?xml version="1.0" encoding="utf-8" standalone="yes"?>';
export const NS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const JOB = new RegExp(`^${escapeRe(`${DECL}<response responseStatus="success"><result xsi:type="xs:long" ${NS}>`)}(\\d+)</result></response>$`);

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface MemberFixture {
  server: TestServer;
  account: CreatedAccount;
  token: string;
}

/** `authThrottle`: for tests that send more unknown tokens than the default brute-force limit allows. */
export function memberFixture(kind: DatabaseKind, options: { authThrottle?: ThrottlePolicy } = {}): MemberFixture {
  const f = {} as MemberFixture;
  before(async () => {
    f.server = await startTestServer(kind, options);
    f.account = await f.server.createAccount('SF members');
    f.token = await openToken(f.server, f.account);
  });
  after(async () => {
    await f.server?.close();
  });
  return f;
}

export async function openToken(server: TestServer, account: CreatedAccount): Promise<string> {
  const sf = account.credentials.smartfocus;
  return getResult((await sfRequest(server.baseUrl, 'GET', openPath(P, sf.login, sf.password, sf.key))).body);
}

/** GET as CurlClient sends it: the path after the prefix, concatenated raw. */
export function get(server: TestServer, path: string): Promise<SfResponse> {
  return sfRequest(server.baseUrl, 'GET', `${P}/${path}`);
}

/** POST as CurlClient::post sends it. */
export function post(server: TestServer, path: string, xml: string): Promise<SfResponse> {
  return sfRequest(server.baseUrl, 'POST', `${P}/${path}`, xml, { 'Content-Type': 'text/xml; charset=utf-8' });
}

/** Asserts the exact job-id body and returns the id. */
export function jobId(res: SfResponse): number {
  assert.equal(res.status, 200, res.body);
  const m = JOB.exec(res.body);
  assert.ok(m, `not a job id response: ${res.body}`);
  assert.equal(getResult(res.body), m[1]);
  return Number(m[1]);
}

export function processStatus(status: string, email: string | null): string {
  const e = email === null ? '<email/>' : `<email>${email}</email>`;
  return `${DECL}<response responseStatus="success" ${NS}><processStatus>${e}<status>${status}</status></processStatus></response>`;
}

export async function jobStatusBody(f: MemberFixture, id: number): Promise<string> {
  const res = await get(f.server, `member/getMemberJobStatus/${f.token}/${id}`);
  assert.equal(res.status, 200, res.body);
  return res.body;
}

/** Asserts a failure body exactly (HTTP 500, no <result>) and that the PHP parser throws its description. */
export function assertFailure(res: SfResponse, status: string, description: string | RegExp, fields?: string): void {
  assert.equal(res.status, 500, res.body);
  assert.doesNotMatch(res.body, /<result/);
  const m = /^<\?xml version="1\.0" encoding="utf-8" standalone="yes"\?><response responseStatus="failed"><description>([^<]*)<\/description><fields>([^<]*)<\/fields><status>([A-Z_]+)<\/status><\/response>$/.exec(res.body);
  assert.ok(m, res.body);
  assert.equal(m[3], status, res.body);
  if (typeof description === 'string') assert.equal(m[1], description);
  else assert.match(m[1]!, description);
  if (fields !== undefined) assert.equal(m[2], fields);
  assert.throws(() => getResult(res.body));
}

/** entry helpers for expected member XML. */
export const s = (key: string, v: string): string => `<entry><key>${key}</key><value xsi:type="xs:string">${v}</value></entry>`;
export const n = (key: string, v: number): string => `<entry><key>${key}</key><value xsi:type="xs:long">${v}</value></entry>`;
export const d = (key: string, v: string): string => `<entry><key>${key}</key><value xsi:type="xs:dateTime">${v}</value></entry>`;
export const nil = (key: string): string => `<entry><key>${key}</key></entry>`;

/** `2011-02-08T15:34:13+00:00` from a stored ISO timestamp. */
export function sfDate(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}+00:00`;
}

export function membersBody(members: string[][]): string {
  if (members.length === 0) return `${DECL}<response responseStatus="success" ${NS}><members/></response>`;
  return `${DECL}<response responseStatus="success" ${NS}><members>${members.map((m) => `<member><attributes>${m.join('')}</attributes></member>`).join('')}</members></response>`;
}

/** A contact row straight from the database (for ids and timestamps the server chose). */
export async function contactRow(f: MemberFixture, email: string) {
  return f.server.core.db.selectFrom('contacts').selectAll().where('accountId', '=', f.account.id).where('emailKey', '=', email.toLowerCase()).executeTakeFirstOrThrow();
}
