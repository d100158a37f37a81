import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { get, memberFixture } from './member-fixture.js';
import { BatchClient } from './batch-support.js';
import type { SfResponse } from '../../support/smartfocus-client.js';

/*
 * The numeric path parts of the Member and Batch Member REST services (member ids, pages, job and
 * upload ids, page sizes) given a number no database column holds, a negative, a fraction, an
 * exponent or text: the vendor's failure envelope with the method's status, never Fastify's 500.
 */
const BAD = ['99999999999999999999', '9007199254740993', '1.5', '1e309', 'abc'];

const FAILURE = /^<\?xml version="1\.0" encoding="utf-8" standalone="yes"\?><response responseStatus="failed"><description>[^<]+<\/description><fields>[^<]*<\/fields><status>[A-Z_]+<\/status><\/response>$/;

describeEachDatabase('SmartFocus number bounds', (kind) => {
  const f = memberFixture(kind);

  function check(failures: string[], what: string, res: SfResponse): void {
    if (res.status !== 500 || !FAILURE.test(res.body)) failures.push(`${what}: ${res.status} ${res.body.slice(0, 200)}`);
  }

  test('Member REST: out-of-range ids and pages are the failure envelope', async () => {
    const failures: string[] = [];
    const paths = ['member/getMemberById', 'member/getListMembersByPage', 'getListMembersByPage', 'member/getMemberJobStatus', 'member/unjoinByMemberId', 'member/rejoinByMemberId'];
    for (const path of paths) {
      for (const value of BAD) {
        const url = `${path}/${f.token}/${encodeURIComponent(value)}`;
        check(failures, url, await get(f.server, url));
      }
    }
    // A page past 2^31 − 1 asks for an offset no list reaches.
    for (const path of ['member/getListMembersByPage', 'getListMembersByPage']) check(failures, `${path} 2147483648`, await get(f.server, `${path}/${f.token}/2147483648`));
    assert.deepEqual(failures, []);
  });

  test('Batch Member REST: out-of-range upload ids, pages and page sizes are the failure envelope', async () => {
    const batch = await BatchClient.open(f.server, f.account);
    const failures: string[] = [];
    const paths = ['batchmember/{v}/getUploadStatus', 'batchmember/{v}/getLogFile', 'batchmember/{v}/getBadFile', 'uploads/{v}', 'uploads/1?pageSize={v}'];
    for (const path of paths) {
      for (const value of BAD) {
        const url = path.replace('{v}', encodeURIComponent(value));
        check(failures, url, await batch.get(url));
      }
    }
    assert.deepEqual(failures, []);
  });
});
