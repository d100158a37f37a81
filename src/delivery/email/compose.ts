import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { ClaimedMessage } from '../claim.js';
import { messageReference } from '../../core/messages/reference.js';
import { signTrackingToken } from '../../core/tracking/tokens.js';
import { rewriteHtmlForTracking, rewriteTextForTracking } from '../../core/tracking/rewrite-links.js';
import { textFromHtml } from '../../core/templates/text-from-html.js';
import { buildSimpleMime, type SimpleMail } from './mime.js';

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
export function returnPath(ctx: ComposeContext, reference: string): string {
  return `bounces+${reference}@${ctx.bounceDomain}`;
}

export function unsubscribeUrl(ctx: ComposeContext, message: Pick<ClaimedMessage, 'id' | 'unsubscribeFormId'>): string {
  const token = signTrackingToken(ctx.trackingKey, {
    kind: 'unsubscribe',
    messageId: message.id,
    ...(message.unsubscribeFormId !== null ? { formId: message.unsubscribeFormId } : {}),
  });
  return `${ctx.publicUrl}/u/${token}`;
}

/** One message ready to leave: its envelope, its content and how to sign it. */
export interface ComposedMail {
  envelope: { from: string; to: string };
  mail: SimpleMail;
  attachments: ClaimedMessage['content']['attachments'];
  dkim: DkimSigning | null;
}

// Bulk sends repeat the same HTML: its derived text part is kept for the next message.
const derivedText = new Map<string, string>();
function textOf(html: string): string {
  let text = derivedText.get(html);
  if (text === undefined) {
    text = textFromHtml(html);
    if (derivedText.size >= 200) derivedText.delete(derivedText.keys().next().value as string);
    derivedText.set(html, text);
  }
  return text;
}

/**
 * Everything that goes into one message: tracked links and open pixel, a text part when only HTML
 * was given, the one-click unsubscribe headers (RFC 8058), our Message-ID and return path,
 * attachments and the DKIM key of the sender's domain.
 */
export function composeMail(ctx: ComposeContext, message: ClaimedMessage, now = new Date()): ComposedMail {
  const unsubscribe = unsubscribeUrl(ctx, message);
  const clickUrl = (url: string, index: number): string =>
    `${ctx.publicUrl}/t/c/${signTrackingToken(ctx.trackingKey, { kind: 'click', messageId: message.id, linkIndex: index, url })}`;
  const trackClicks = message.trackClicks === 1;
  const { html: sourceHtml, text: sourceText } = message.content;

  let html: string | null = null;
  let links: string[] = [];
  if (sourceHtml) {
    const openPixelUrl = message.trackOpens === 1 ? `${ctx.publicUrl}/t/o/${signTrackingToken(ctx.trackingKey, { kind: 'open', messageId: message.id })}` : null;
    const rewritten = rewriteHtmlForTracking(sourceHtml, { trackClicks, openPixelUrl, clickUrl, unsubscribeUrl: unsubscribe });
    html = rewritten.html;
    links = rewritten.links;
  }
  const plain = sourceText ?? (sourceHtml ? textOf(sourceHtml) : '');
  const text = rewriteTextForTracking(plain, { trackClicks, clickUrl, unsubscribeUrl: unsubscribe, knownLinks: links }).text;

  const fromDomain = domainOf(message.sender);
  // One MAC for both places bounces may name the message: the return path and the Message-ID.
  const reference = messageReference(ctx.referenceKey, message.id);
  return {
    envelope: { from: returnPath(ctx, reference), to: message.recipient },
    mail: {
      from: { name: message.senderName, address: message.sender },
      to: message.recipient,
      subject: message.subject,
      messageId: `<${reference}@${fromDomain}>`,
      date: now,
      // Herald's own mail (sender verification) is not a list: no unsubscribe for it.
      headers:
        message.source === 'system'
          ? Object.entries(message.content.headers)
          : [...Object.entries(message.content.headers), ['List-Unsubscribe', `<${unsubscribe}>`], ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click']],
      text,
      html,
    },
    attachments: message.content.attachments,
    dkim: ctx.dkimFor(message.accountId, fromDomain),
  };
}

/** The message as sent (before DKIM, which the transport adds). */
export async function renderRaw(composed: ComposedMail): Promise<Buffer> {
  const { mail, attachments } = composed;
  if (attachments.length === 0) return buildSimpleMime(mail);
  return new MailComposer({
    from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
    to: mail.to,
    subject: mail.subject,
    messageId: mail.messageId,
    date: mail.date,
    headers: mail.headers.map(([key, value]) => ({ key, value })),
    text: mail.text,
    ...(mail.html !== null ? { html: mail.html } : {}),
    attachments: attachments.map((a) => ({ filename: a.name, content: a.base64, encoding: 'base64', ...(a.contentType ? { contentType: a.contentType } : {}) })),
  })
    .compile()
    .build();
}
