import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  isFinalSmsStatus,
  messageStatusFromParts,
  SMS_STATUSES,
  statusFromMessageState,
  statusFromReceiptStat,
  type SmsStatus,
} from '../../../src/core/sms/statuses.js';

describe('SMS statuses', () => {
  it('knows which statuses are final', () => {
    const finals = SMS_STATUSES.filter((s) => isFinalSmsStatus(s));
    assert.deepEqual(finals, ['DELIVRD', 'EXPIRED', 'UNDELIV', 'REJECTD', 'DELETED', 'UNKNOWN', 'PDLIVRD']);
  });

  const cases: [SmsStatus[], SmsStatus, string][] = [
    [[], 'NEW', 'no parts yet'],
    [['DELIVRD'], 'DELIVRD', 'single part'],
    [['UNDELIV'], 'UNDELIV', 'single failed part'],
    [['DELIVRD', 'DELIVRD', 'DELIVRD'], 'DELIVRD', 'all delivered'],
    [['DELIVRD', 'UNDELIV', 'DELIVRD'], 'PDLIVRD', 'some delivered, one failed'],
    [['EXPIRED', 'DELIVRD'], 'PDLIVRD', 'one delivered, one expired'],
    [['DELIVRD', 'UNKNOWN'], 'PDLIVRD', 'unknown counts as a failure'],
    [['EXPIRED', 'EXPIRED'], 'EXPIRED', 'all the same failure'],
    [['REJECTD', 'REJECTD', 'REJECTD'], 'REJECTD', 'all rejected'],
    [['EXPIRED', 'UNDELIV'], 'UNDELIV', 'different failures: the most telling'],
    [['UNKNOWN', 'DELETED', 'REJECTD'], 'REJECTD', 'rejection outranks the rest'],
    [['UNKNOWN', 'DELETED'], 'DELETED', 'deleted outranks unknown'],
    [['DELIVRD', 'ACCEPTD'], 'ACCEPTD', 'a part still pending'],
    [['DELIVRD', 'ACCEPTD', 'NEW'], 'NEW', 'least advanced pending part'],
    [['ENQUEUD', 'ACCEPTD', 'UNDELIV'], 'ENQUEUD', 'pending beats failed'],
    [['ACCEPTD', 'ACCEPTD'], 'ACCEPTD', 'all taken by the SMSC'],
    [['PDLIVRD', 'UNDELIV'], 'PDLIVRD', 'a partly delivered part keeps it partly delivered'],
  ];
  for (const [parts, expected, name] of cases) {
    it(`${name}: [${parts.join(', ')}] → ${expected}`, () => assert.equal(messageStatusFromParts(parts), expected));
  }

  it('reads delivery receipt stat words and message_state values', () => {
    const stats: [string, SmsStatus | null][] = [
      ['DELIVRD', 'DELIVRD'], ['delivrd', 'DELIVRD'], ['EXPIRED', 'EXPIRED'], ['DELETED', 'DELETED'], ['UNDELIV', 'UNDELIV'],
      ['ACCEPTD', 'ACCEPTD'], ['ENROUTE', 'ACCEPTD'], ['UNKNOWN', 'UNKNOWN'], ['REJECTD', 'REJECTD'], [' DELIVRD ', 'DELIVRD'],
      ['NEW', null], ['ENQUEUD', null], ['FAILED', null], ['', null],
    ];
    for (const [stat, status] of stats) assert.equal(statusFromReceiptStat(stat), status, stat);
    const states: [number, SmsStatus | null][] = [
      [0, null], [1, 'ACCEPTD'], [2, 'DELIVRD'], [3, 'EXPIRED'], [4, 'DELETED'], [5, 'UNDELIV'], [6, 'ACCEPTD'], [7, 'UNKNOWN'], [8, 'REJECTD'], [9, null],
    ];
    for (const [state, status] of states) assert.equal(statusFromMessageState(state), status, String(state));
  });
});
