import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifySmtpResult, parseSmtpReply, smtpResultFromError, smtpResultFromReply, type EmailErrorStatus } from '../../../src/core/messages/smtp-reply.js';

type Expected = EmailErrorStatus | 'sent' | 'retry';

// [who, reply as nodemailer reports it, outcome on a non-final attempt, outcome on the final attempt]
const REPLIES: [string, string, Expected, Expected][] = [
  ['Postfix queued', '250 2.0.0 Ok: queued as 4VfZ3C2x1Wz9sWQ', 'sent', 'sent'],
  ['Gmail accepted', '250 2.0.0 OK  1715681523 d9443c01a7336-1f2f1c2a3b4si123456 - gsmtp', 'sent', 'sent'],
  ['Exim accepted', '250 OK id=1s6pQ2-0003Xy-2D', 'sent', 'sent'],
  ['Gmail no such user', '550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient\'s email address for typos or\n550-5.1.1 unnecessary spaces. For more information, go to\n550 5.1.1  https://support.google.com/mail/?p=NoSuchUser d9443c01a7336-1f2f si1234 - gsmtp', 'ERROR_EMAIL_NOT_EXIST', 'ERROR_EMAIL_NOT_EXIST'],
  ['Postfix virtual user unknown', '550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in virtual mailbox table', 'ERROR_EMAIL_NOT_EXIST', 'ERROR_EMAIL_NOT_EXIST'],
  ['Postfix local user unknown', '550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table', 'ERROR_EMAIL_NOT_EXIST', 'ERROR_EMAIL_NOT_EXIST'],
  ['Outlook recipient not found', '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient nobody@contoso.com not found by SMTP address lookup', 'ERROR_EMAIL_NOT_EXIST', 'ERROR_EMAIL_NOT_EXIST'],
  ['Outlook.com mailbox unavailable', '550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [DM6NAM12FT045.eop-nam12.prod.protection.outlook.com]', 'ERROR_EMAIL_NOT_EXIST', 'ERROR_EMAIL_NOT_EXIST'],
  ['Hotmail legacy, no enhanced code', '550 Requested action not taken: mailbox unavailable (-1914176238:2576:-2147467259)', 'ERROR_EMAIL_NOT_EXIST', 'ERROR_EMAIL_NOT_EXIST'],
  ['Exchange Online DBEB', '550 5.4.1 Recipient address rejected: Access denied. For more information see https://aka.ms/EXOSmtpErrors [BN8NAM12FT058.eop-nam12.prod.protection.outlook.com]', 'ERROR_EMAIL_NOT_EXIST', 'ERROR_EMAIL_NOT_EXIST'],
  ['Yahoo user unknown', "554 delivery error: dd This user doesn't have a yahoo.com account (nobody@yahoo.com) [0] - mta1234.mail.bf1.yahoo.com", 'ERROR_EMAIL_NOT_EXIST', 'ERROR_EMAIL_NOT_EXIST'],
  ['Yahoo mailbox disabled', '554 delivery error: dd Sorry your message to nobody@yahoo.com cannot be delivered. This mailbox is disabled (554.30). - mta4321.mail.ne1.yahoo.com', 'ERROR_EMAIL_NOT_EXIST', 'ERROR_EMAIL_NOT_EXIST'],
  ['Yahoo 552 mailbox not found', '552 1 Requested mail action aborted, mailbox not found', 'ERROR_EMAIL_NOT_EXIST', 'ERROR_EMAIL_NOT_EXIST'],
  ['Exim unknown user', '550 Unknown user', 'ERROR_EMAIL_NOT_EXIST', 'ERROR_EMAIL_NOT_EXIST'],
  ['Exim no such user', '550 No Such User Here', 'ERROR_EMAIL_NOT_EXIST', 'ERROR_EMAIL_NOT_EXIST'],
  ['Gmail disabled account', '550-5.2.1 The email account that you tried to reach is disabled. Learn more at\n550 5.2.1  https://support.google.com/mail/?p=DisabledUser x1si - gsmtp', 'ERROR_EMAIL_NOT_EXIST', 'ERROR_EMAIL_NOT_EXIST'],
  ['Gmail over quota (permanent)', '552-5.2.2 The email account that you tried to reach is over quota. Please direct\n552 5.2.2 the recipient to https://support.google.com/mail/?p=OverQuotaPerm a1si - gsmtp', 'ERROR_EMAIL_IS_FULL', 'ERROR_EMAIL_IS_FULL'],
  ['Gmail over quota (temporary)', '452-4.2.2 The email account that you tried to reach is over quota. Please direct\n452 4.2.2 the recipient to https://support.google.com/mail/?p=OverQuotaTemp b2si - gsmtp', 'retry', 'ERROR_EMAIL_IS_FULL'],
  ['Dovecot quota', '552 5.2.2 <user@example.org>: Quota exceeded (mailbox for user is full)', 'ERROR_EMAIL_IS_FULL', 'ERROR_EMAIL_IS_FULL'],
  ['Exim mailbox full, no enhanced code', '550 Mailbox is full / Blocks limit exceeded / Inode limit exceeded', 'ERROR_EMAIL_IS_FULL', 'ERROR_EMAIL_IS_FULL'],
  ['Gmail spam', '550-5.7.1 [203.0.113.5      12] Our system has detected that this message is\n550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail,\n550-5.7.1 this message has been blocked. For more information, go to\n550 5.7.1  https://support.google.com/mail/?p=UnsolicitedMessageError z1si - gsmtp', 'ERROR_IS_SPAM', 'ERROR_IS_SPAM'],
  ['Gmail DMARC', '550-5.7.26 Unauthenticated email from example.com is not accepted due to domain\'s\n550 5.7.26 DMARC policy. Please contact the administrator of example.com domain. - gsmtp', 'ERROR_IS_SPAM', 'ERROR_IS_SPAM'],
  ['Outlook block list', '550 5.7.1 Unfortunately, messages from [203.0.113.5] weren\'t sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.', 'ERROR_IS_SPAM', 'ERROR_IS_SPAM'],
  ['Outlook banned IP', '550 5.7.606 Access denied, banned sending IP [203.0.113.5]. To request removal from this list please visit https://sender.office.com/', 'ERROR_IS_SPAM', 'ERROR_IS_SPAM'],
  ['Postfix Spamhaus', '554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org', 'ERROR_IS_SPAM', 'ERROR_IS_SPAM'],
  ['Yahoo policy, no enhanced code', '554 Message not allowed - [PH01] Email not accepted for policy reasons.  Please visit https://postmaster.yahooinc.com/error-codes', 'ERROR_IS_SPAM', 'ERROR_IS_SPAM'],
  ['Exim spam score', '550 Rejected: message looks like spam (score 12.3)', 'ERROR_IS_SPAM', 'ERROR_IS_SPAM'],
  ['Postfix relay denied (5.7.1, no spam words)', '554 5.7.1 <x@other.example>: Relay access denied', 'ERROR_MAIL_REFUSE', 'ERROR_MAIL_REFUSE'],
  ['Postfix access map', '554 5.7.1 <x@example.org>: Recipient address rejected: Access denied', 'ERROR_MAIL_REFUSE', 'ERROR_MAIL_REFUSE'],
  ['Postfix domain not found (5.1.2)', '550 5.1.2 <x@nxdomain.example>: Recipient address rejected: Domain not found', 'ERROR_DOMAIN_NOT_EMAIL', 'ERROR_DOMAIN_NOT_EMAIL'],
  ['Postfix null MX', '556 5.1.10 <x@nullmx.example>: Recipient address rejected: Domain nullmx.example does not accept mail (nullMX)', 'ERROR_DOMAIN_NOT_EMAIL', 'ERROR_DOMAIN_NOT_EMAIL'],
  ['Postfix relay, host not found', '550 5.4.4 <x@nxdomain.example>: Host or domain name not found. Name service error for name=nxdomain.example type=A: Host not found', 'ERROR_DOMAIN_NOT_EMAIL', 'ERROR_DOMAIN_NOT_EMAIL'],
  ['Exchange nonexistent domain', '554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain', 'ERROR_DOMAIN_NOT_EMAIL', 'ERROR_DOMAIN_NOT_EMAIL'],
  ['Postfix temporary domain not found', '450 4.1.2 <x@example.org>: Recipient address rejected: Domain not found', 'retry', 'ERROR_DOMAIN_NOT_EMAIL'],
  ['Postfix greylisting', '450 4.2.0 <x@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html', 'retry', 'ERROR_UNAVAILABLE'],
  ['Gmail rate limit', '421-4.7.28 [203.0.113.5] Our system has detected an unusual rate of\n421 4.7.28 unsolicited mail originating from your IP address. - gsmtp', 'retry', 'ERROR_UNAVAILABLE'],
  ['Yahoo deferral', '421 4.7.0 [TSS04] Messages from 203.0.113.5 temporarily deferred due to unexpected volume or user complaints', 'retry', 'ERROR_UNAVAILABLE'],
  ['Exim temporary local problem', '451 Temporary local problem - please try later', 'retry', 'ERROR_UNAVAILABLE'],
  ['Outlook message too big', '552 5.3.4 Message size exceeds fixed maximum message size', 'ERROR_MAIL_REFUSE', 'ERROR_MAIL_REFUSE'],
  ['Sender rejected (5.1.8)', '553 5.1.8 <bounces+t@herald.example>: Sender address rejected: Domain not found', 'ERROR_MAIL_REFUSE', 'ERROR_MAIL_REFUSE'],
  ['Server does not accept mail (RFC 7504)', '521 5.3.2 mail.example.org does not accept mail', 'ERROR_MAIL_REFUSE', 'ERROR_MAIL_REFUSE'],
  ['Generic 554', '554 Transaction failed', 'ERROR_MAIL_REFUSE', 'ERROR_MAIL_REFUSE'],
  ['Unexpected 354 as final reply', '354 End data with <CR><LF>.<CR><LF>', 'ERROR_DELIVERY', 'ERROR_DELIVERY'],
];

const outcomeOf = (reply: string, finalAttempt: boolean): Expected => {
  const o = classifySmtpResult(smtpResultFromReply(reply), finalAttempt);
  return o.outcome === 'failed' ? o.status : o.outcome;
};

describe('SMTP reply → email status', () => {
  for (const [who, reply, early, final] of REPLIES) {
    test(`${who}: ${early} / final ${final}`, () => {
      assert.equal(outcomeOf(reply, false), early, 'non-final attempt');
      assert.equal(outcomeOf(reply, true), final, 'final attempt');
      const o = classifySmtpResult(smtpResultFromReply(reply), true);
      if (o.outcome !== 'retry') assert.equal(o.response, reply, 'the reply text is kept');
    });
  }

  test('local and connection results', () => {
    assert.deepEqual(classifySmtpResult({ kind: 'no-mail-domain' }, false).outcome, 'failed');
    assert.deepEqual(classifySmtpResult({ kind: 'no-mail-domain', text: 'null MX' }, false), { outcome: 'failed', status: 'ERROR_DOMAIN_NOT_EMAIL', response: 'null MX' });
    assert.deepEqual(classifySmtpResult({ kind: 'connection', text: 'ECONNECTION: refused' }, false), { outcome: 'retry', reason: 'ECONNECTION: refused' });
    assert.deepEqual(classifySmtpResult({ kind: 'connection', text: 'ETIMEDOUT: x' }, true), { outcome: 'failed', status: 'ERROR_DELIVERY', response: 'ETIMEDOUT: x' });
    assert.deepEqual(classifySmtpResult({ kind: 'local', text: 'EMESSAGE: bad' }, false), { outcome: 'failed', status: 'ERROR_DELIVERY', response: 'EMESSAGE: bad' });
    assert.deepEqual(classifySmtpResult({ kind: 'reply', code: 550, enhanced: '4.1.1', text: 'mismatched class' }, false), { outcome: 'failed', status: 'ERROR_MAIL_REFUSE', response: 'mismatched class' });
  });
});

describe('parseSmtpReply', () => {
  test('single and multi-line replies', () => {
    assert.deepEqual(parseSmtpReply('550 5.1.1 <x@y>: Recipient address rejected: User unknown'), { code: 550, enhanced: '5.1.1', message: '<x@y>: Recipient address rejected: User unknown' });
    assert.deepEqual(parseSmtpReply('452-4.2.2 The email account\r\n452 4.2.2 is over quota'), { code: 452, enhanced: '4.2.2', message: 'The email account is over quota' });
    assert.deepEqual(parseSmtpReply('550 Unknown user'), { code: 550, message: 'Unknown user' });
    assert.deepEqual(parseSmtpReply('250'), { code: 250, message: '' });
    assert.deepEqual(parseSmtpReply('550 5.7.606 Access denied'), { code: 550, enhanced: '5.7.606', message: 'Access denied' });
    assert.deepEqual(parseSmtpReply('550 4.1.1 class mismatch'), { code: 550, message: '4.1.1 class mismatch' });
    assert.equal(parseSmtpReply('Connection closed'), null);
    assert.equal(parseSmtpReply(''), null);
    assert.equal(parseSmtpReply('650 nope'), null);
  });

  test('nodemailer errors', () => {
    const rcpt = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <x@y>: User unknown"), { code: 'EENVELOPE', response: '550 5.1.1 <x@y>: User unknown', responseCode: 550, command: 'RCPT TO' });
    assert.deepEqual(smtpResultFromError(rcpt), { kind: 'reply', code: 550, enhanced: '5.1.1', text: '550 5.1.1 <x@y>: User unknown' });
    const data = Object.assign(new Error('Message failed'), { code: 'EMESSAGE', response: '451 4.3.0 Error: queue file write error', responseCode: 451 });
    assert.deepEqual(smtpResultFromError(data), { kind: 'reply', code: 451, enhanced: '4.3.0', text: '451 4.3.0 Error: queue file write error' });
    assert.deepEqual(smtpResultFromError(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' })), { kind: 'connection', text: 'ETIMEDOUT: Connection timeout' });
    assert.deepEqual(smtpResultFromError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNECTION' })), { kind: 'connection', text: 'ECONNECTION: connect ECONNREFUSED 127.0.0.1:25' });
    assert.deepEqual(smtpResultFromError(Object.assign(new Error('No recipients defined'), { code: 'EENVELOPE' })), { kind: 'local', text: 'EENVELOPE: No recipients defined' });
    assert.deepEqual(smtpResultFromError(Object.assign(new Error('weird'), { responseCode: 554 })), { kind: 'reply', code: 554, text: 'weird' });
    assert.deepEqual(smtpResultFromError('boom'), { kind: 'local', text: 'boom' });
  });
});
