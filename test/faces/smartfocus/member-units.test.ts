import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSynchroMember } from '../../../src/faces/smartfocus/member/synchro-member.js';
import { customColumnName } from '../../../src/faces/smartfocus/member/columns.js';
import { sfDateTime } from '../../../src/faces/smartfocus/member/member-xml.js';

test('synchroMember: pretty-printed, CDATA, empty dynContent, value with ":" and entities', () => {
  const parsed = parseSynchroMember(`<?xml version="1.0" encoding="utf-8"?>
<synchroMember>
  <memberUID>EMAIL:a@b.co|CODE:x:y</memberUID>
  <dynContent>
    <entry>
      <key>NOTE</key>
      <value><![CDATA[<b>bold</b>]]></value>
    </entry>
    <entry><key>TOWN</key><value>St Mary&apos;s</value></entry>
    <entry><key>EMPTY</key></entry>
  </dynContent>
  <email> a@b.co </email>
</synchroMember>`);
  assert.deepEqual(parsed, {
    ok: true,
    value: {
      criteria: [{ key: 'EMAIL', value: 'a@b.co' }, { key: 'CODE', value: 'x:y' }],
      dynContent: [{ key: 'NOTE', value: '<b>bold</b>' }, { key: 'TOWN', value: "St Mary's" }, { key: 'EMPTY', value: '' }],
      email: 'a@b.co',
    },
  });
  assert.deepEqual(parseSynchroMember('<synchroMember><memberUID>EMAIL:a@b.co</memberUID><dynContent/></synchroMember>'), {
    ok: true,
    value: { criteria: [{ key: 'EMAIL', value: 'a@b.co' }], dynContent: [], email: null },
  });
});

test('synchroMember refusals: whitespace or tabs in memberUID, a criterion without key, non-XML', () => {
  for (const uid of ['EMAIL:a@b.co\n', '\tEMAIL:a@b.co', 'LASTNAME:Van Dyke']) {
    const r = parseSynchroMember(`<synchroMember><memberUID>${uid}</memberUID></synchroMember>`);
    assert.equal(r.ok, false, JSON.stringify(uid));
  }
  assert.equal(parseSynchroMember('<synchroMember><memberUID>:x</memberUID></synchroMember>').ok, false);
  assert.equal(parseSynchroMember('<synchroMember><memberUID>EMAIL</memberUID></synchroMember>').ok, false);
  assert.equal(parseSynchroMember('not xml').ok, false);
  assert.equal(parseSynchroMember(undefined).ok, false);
});

test('column names of custom fields and vendor date format', () => {
  assert.equal(customColumnName('Loyalty tier'), 'LOYALTY_TIER');
  assert.equal(customColumnName('Spend £/yr'), 'SPEND___YR');
  assert.equal(sfDateTime('2011-02-08T15:34:13.123Z'), '2011-02-08T15:34:13+00:00');
  assert.equal(sfDateTime('1980-07-14'), '1980-07-14T00:00:00+00:00');
});
