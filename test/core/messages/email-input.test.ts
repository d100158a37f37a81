import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isReservedHeader } from '../../../src/core/messages/email-input.js';

describe('reserved mail headers', () => {
  it('reserves what Herald sets and what receivers trust, in any case; leaves the rest to the caller', () => {
    const table: [string, boolean][] = [
      ['From', true],
      ['Sender', true],
      ['SENDER', true],
      ['To', true],
      ['Subject', true],
      ['Message-ID', true],
      ['Return-Path', true],
      ['Received', true],
      ['Received-SPF', true],
      ['Authentication-Results', true],
      ['DKIM-Signature', true],
      ['ARC-Seal', true],
      ['ARC-Message-Signature', true],
      ['arc-authentication-results', true],
      ['Resent-From', true],
      ['Resent-Message-ID', true],
      ['List-Unsubscribe', true],
      ['List-Unsubscribe-Post', true],
      ['Content-Type', true],
      ['Content-Disposition', true],
      ['MIME-Version', true],
      ['Delivered-To', true],
      ['Reply-To', false],
      ['X-Campaign', false],
      ['List-Id', false],
      ['In-Reply-To', false],
      ['References', false],
      ['X-Received-By-Us', false],
      ['Senders-Note', false],
    ];
    for (const [name, reserved] of table) assert.equal(isReservedHeader(name), reserved, name);
  });
});
