import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INVALID_RESPONSE, parseResponse, SmartFocusError } from '../../../src/clients/smartfocus/index.js';
import { DECL, failed, result } from './fixtures.js';

test('parseResponse.getResult: the <result> text like RestResponseParser::getResult, entities decoded once', () => {
  assert.equal(parseResponse.getResult(result('xs:string', 'TOKEN')), 'TOKEN');
  assert.equal(parseResponse.getResult(result('xs:string', '&amp;pound; a&#13;\nb')), '&pound; a\r\nb');
  assert.equal(parseResponse.getResult(Buffer.from(result('xs:string', 'é'), 'utf8')), 'é');
});

test('failures and unreadable bodies throw SmartFocusError', () => {
  assert.throws(() => parseResponse.getResult(failed('Your login is not valid !!', 'x', 'CONNECTION_FAILED'), 500), (e: unknown) => e instanceof SmartFocusError && e.status === 'CONNECTION_FAILED');
  // Without responseStatus a <description> and no <result> is a failure too (what the PHP parser reports).
  assert.throws(() => parseResponse.getResult('<response><description>boom</description></response>'), (e: unknown) => e instanceof SmartFocusError && e.description === 'boom');
  for (const body of ['<html><body>Bad gateway</body></html>', 'not xml', '']) {
    assert.throws(() => parseResponse.getResult(body, 502), (e: unknown) => e instanceof SmartFocusError && e.status === INVALID_RESPONSE && e.httpStatus === 502);
  }
  assert.throws(() => parseResponse.jobId(result('xs:long', 'abc')), (e: unknown) => e instanceof SmartFocusError && e.status === INVALID_RESPONSE);
  assert.throws(() => parseResponse.members(`${DECL}<response responseStatus="success"/>`), (e: unknown) => e instanceof SmartFocusError && e.status === INVALID_RESPONSE);
});

test('a pretty-printed token (the vendor PDF layout) is trimmed by openConnection, kept by getResult', () => {
  assert.equal(parseResponse.getResult(`${DECL}<response responseStatus="success">\n  <result>\n    TOKEN\n  </result>\n</response>`), '\n    TOKEN\n  ');
});
