import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactUrl } from '../../src/server/log-redaction.js';

const TOKEN = 'Ab3'.repeat(16);

test('credentials in URLs are masked in logs; everything else is kept', () => {
  const cases: [string, string][] = [
    ['/apimember/services/rest/connect/open/acme_x1/p%40ss+w/KEYKEY', '/apimember/services/rest/connect/open/acme_x1/***/***'],
    ['/apibatchmember/services/rest/connect/open?login=acme&password=pw&key=k', '/apibatchmember/services/rest/connect/open?login=acme&password=***&key=***'],
    [`/apimember/services/rest/member/insert/${TOKEN}/a@b.com`, '/apimember/services/rest/member/insert/***/a@b.com'],
    [`/apimember/services/rest/member/descMemberTable?token=${TOKEN}`, '/apimember/services/rest/member/descMemberTable?token=***'],
    ['/service/user/getOwnBalance?apiKey=abc123&output=json', '/service/user/getOwnBalance?apiKey=***&output=json'],
    ['/service/user/getOwnBalance?api%4Bey=abc123', '/service/user/getOwnBalance?api%4Bey=***'],
    ['/NMSREST?random=R1&encrypt=E1&email=a%40b.com', '/NMSREST?random=R1&encrypt=***&email=a%40b.com'],
    ['/NMSREST/R1/E1/a@b.com/2020-01-01/email/NOTHING/x:y', '/NMSREST/R1/***'],
    ['/sso/start?t=tok', '/sso/start?t=***'],
    ['/api/v1/contacts?limit=10&offset=20', '/api/v1/contacts?limit=10&offset=20'],
    ['/healthz', '/healthz'],
  ];
  for (const [url, logged] of cases) assert.equal(redactUrl(url), logged, url);
});
