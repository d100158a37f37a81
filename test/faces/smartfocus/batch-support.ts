/** Calls of the estina/smartfocus BatchMember class against a test server, byte for byte. */
import assert from 'node:assert/strict';
import type { TestServer } from '../../support/server.js';
import { getResult, openPath, sfRequest, type SfResponse } from '../../support/smartfocus-client.js';
import type { BatchBody } from '../../support/smartfocus-batch-body.js';
import type { CreatedAccount } from '../../../src/core/accounts/accounts.js';

export const BATCH = '/apibatchmember/services/rest';
export const FINAL = ['DONE', 'DONE WITH ERRORS', 'ERROR', 'FAILURE'];

export class BatchClient {
  constructor(readonly server: TestServer, readonly token: string) {}

  static async open(server: TestServer, account: CreatedAccount): Promise<BatchClient> {
    const sf = account.credentials.smartfocus;
    return new BatchClient(server, getResult((await sfRequest(server.baseUrl, 'GET', openPath(BATCH, sf.login, sf.password, sf.key))).body));
  }

  /** BatchMember::insert / update: PUT with the multipart Content-Type and `Accept: application/xml`. */
  put(method: 'insertUpload' | 'mergeUpload', body: BatchBody): Promise<SfResponse> {
    return sfRequest(this.server.baseUrl, 'PUT', `${BATCH}/batchmemberservice/${this.token}/batchmember/${method}`, body.body, { 'Content-Type': body.contentType });
  }

  get(path: string): Promise<SfResponse> {
    return sfRequest(this.server.baseUrl, 'GET', `${BATCH}/batchmemberservice/${this.token}/${path}`);
  }

  async upload(method: 'insertUpload' | 'mergeUpload', body: BatchBody): Promise<number> {
    const res = await this.put(method, body);
    assert.equal(res.status, 200, res.body);
    assert.match(
      res.body,
      /^<\?xml version="1\.0" encoding="utf-8" standalone="yes"\?><response responseStatus="success"><result xsi:type="xs:long" xmlns:xs="http:\/\/www\.w3\.org\/2001\/XMLSchema" xmlns:xsi="http:\/\/www\.w3\.org\/2001\/XMLSchema-instance">\d+<\/result><\/response>$/,
    );
    return Number(getResult(res.body));
  }

  async status(id: number): Promise<string> {
    const res = await this.get(`batchmember/${id}/getUploadStatus`);
    const m = /<response responseStatus="success"[^>]*><uploadStatus><status>([A-Z ]+)<\/status><\/uploadStatus><\/response>$/.exec(res.body);
    assert.ok(m, res.body);
    return m[1]!;
  }

  async poll(id: number, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.status(id);
      if (FINAL.includes(status)) return status;
      assert.ok(Date.now() < deadline, `upload ${id} still ${status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** getLogFile / getBadFile text as RestResponseParser returns it (CR written as &#13;). */
  async text(id: number, method: 'getLogFile' | 'getBadFile'): Promise<string> {
    const res = await this.get(`batchmember/${id}/${method}`);
    assert.equal(res.status, 200, res.body);
    return getResult(res.body.replace(/&#13;/g, '\r'));
  }
}

/** `<response responseStatus="failed">…` with exactly this description, fields and status, HTTP 500. */
export function assertFailure(res: SfResponse, status: string, description?: RegExp | string, fields?: string): void {
  assert.equal(res.status, 500, res.body);
  assert.doesNotMatch(res.body, /<result/);
  const m = /<response responseStatus="failed"><description>([^<]*)<\/description><fields>([^<]*)<\/fields><status>([A-Z_]+)<\/status><\/response>$/.exec(res.body);
  assert.ok(m, res.body);
  assert.equal(m[3], status, res.body);
  const text = (s: string) => s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  if (typeof description === 'string') assert.equal(text(m[1]!), description);
  else if (description) assert.match(text(m[1]!), description);
  if (fields !== undefined) assert.equal(text(m[2]!), fields);
}
