import type { SendMailOptions } from 'nodemailer';
import type { ClaimedMessage } from '../claim.js';
import { headerMessageId, messageReference } from '../../core/messages/reference.js';
import { signTrackingToken } from '../../core/tracking/tokens.js';
import { rewriteHtmlForTracking, rewriteTextForTracking } from '../../core/tracking/rewrite-links.js';
import { textFromHtml } from '../../core/templates/text-from-html.js';

export interface DkimSigning {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

export interface ComposeContext {
  publicUrl: string;
  /** Signs tracking and unsubscribe links. */
  trackingKey: Buffer;
  /** Signs message references (Message-ID, return path). */
  referenceKey: Buffer;
  bounceDomain: string;
  /** The DKIM key of the sender's domain in the message's account, if one exists. */
  dkimFor(accountId: number, domain: string): DkimSigning | null;
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** The return path bounces come back to: VERP, so a bounce names its message. */
export function returnPath(ctx: ComposeContext, messageId: number): string {
  return `bounces+${messageReference(ctx.referenceKey, messageId)}@${ctx.bounceDomain}`;
}

export function unsubscribeUrl(ctx: ComposeContext, message: Pick<ClaimedMessage, 'id' | 'unsubscribeFormId'>): string {
  const token = signTrackingToken(ctx.trackingKey, {
    kind: 'unsubscribe',
    messageId: message.id,
    ...(message.unsubscribeFormId !== null ? { formId: message.unsubscribeFormId } : {}),
  });
  return `${ctx.publicUrl}/u/${token}`;
}

/**
 * Everything nodemailer needs to build one message: tracked links and open pixel, a text part when
 * only HTML was given, the one-click unsubscribe headers (RFC 8058), our Message-ID and return path,
 * attachments and the DKIM key of the sender's domain.
 */
export function composeMail(ctx: ComposeContext, message: ClaimedMessage): SendMailOptions {
  const unsubscribe = unsubscribeUrl(ctx, message);
  const clickUrl = (url: string, index: number): string =>
    `${ctx.publicUrl}/t/c/${signTrackingToken(ctx.trackingKey, { kind: 'click', messageId: message.id, linkIndex: index, url })}`;
  const trackClicks = message.trackClicks === 1;
  const { html: sourceHtml, text: sourceText } = message.content;

  let html: string | undefined;
  let links: string[] = [];
  if (sourceHtml) {
    const openPixelUrl = message.trackOpens === 1 ? `${ctx.publicUrl}/t/o/${signTrackingToken(ctx.trackingKey, { kind: 'open', messageId: message.id })}` : null;
    const rewritten = rewriteHtmlForTracking(sourceHtml, { trackClicks, openPixelUrl, clickUrl, unsubscribeUrl: unsubscribe });
    html = rewritten.html;
    links = rewritten.links;
  }
  const plain = sourceText ?? (sourceHtml ? textFromHtml(sourceHtml) : '');
  const text = rewriteTextForTracking(plain, { trackClicks, clickUrl, unsubscribeUrl: unsubscribe, knownLinks: links }).text;

  const fromDomain = domainOf(message.sender);
  const dkim = ctx.dkimFor(message.accountId, fromDomain);
  return {
    from: message.senderName ? { name: message.senderName, address: message.sender } : message.sender,
    to: message.recipient,
    subject: message.subject,
    ...(html !== undefined ? { html } : {}),
    text,
    messageId: headerMessageId(ctx.referenceKey, message.id, fromDomain),
    envelope: { from: returnPath(ctx, message.id), to: message.recipient },
    headers: {
      ...message.content.headers,
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    attachments: message.content.attachments.map((a) => ({
      filename: a.name,
      content: a.base64,
      encoding: 'base64',
      ...(a.contentType ? { contentType: a.contentType } : {}),
    })),
    ...(dkim ? { dkim } : {}),
  };
}
