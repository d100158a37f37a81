import type { AccountScope, CoreContext } from '../context.js';
import { acceptEmails } from '../messages/accept.js';
import type { EmailToSend } from '../messages/email-input.js';
import { addSender, deleteSender, renewVerificationToken, type Sender } from './senders.js';

/** Where the link leads: the confirm page of src/web/senders (GET shows it, POST verifies). */
export function verificationUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/senders/verify?token=${encodeURIComponent(token)}`;
}

export class SystemMailUnavailableError extends Error {
  constructor() {
    super('Herald has no address to send its own mail from: set HERALD_SYSTEM_FROM (or HERALD_BOUNCE_DOMAIN to a domain name)');
    this.name = 'SystemMailUnavailableError';
  }
}

function systemFromOf(core: CoreContext): string {
  if (!core.systemFrom) throw new SystemMailUnavailableError();
  return core.systemFrom;
}

/** The verification email: plain wording, no tracking (the link must reach the reader untouched). */
export function verificationEmail(from: string, sender: Sender, url: string): EmailToSend {
  const text = [
    `Someone asked to send email as ${sender.email} through Herald.`,
    '',
    'If that was you or your team, open this link and confirm:',
    url,
    '',
    'If not, ignore this message: nothing will be sent from this address.',
  ].join('\n');
  const html = [
    `<p>Someone asked to send email as <b>${escapeHtml(sender.email)}</b> through Herald.</p>`,
    `<p>If that was you or your team, open this link and confirm:<br><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`,
    '<p>If not, ignore this message: nothing will be sent from this address.</p>',
  ].join('\n');
  return { to: sender.email, from, fromName: 'Herald', subject: `Confirm ${sender.email} as a sender`, text, html, trackOpens: false, trackClicks: false };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Queues the verification email of a sender in its account; returns the message id. */
export async function queueVerificationMail(core: CoreContext, scope: AccountScope, sender: Sender, token: string): Promise<number> {
  const mail = verificationEmail(systemFromOf(core), sender, verificationUrl(core.publicUrl, token));
  const [id] = await acceptEmails(scope, [mail], { source: 'system', skipSenderCheck: true });
  if (id === undefined) throw new Error('verification mail was not queued');
  return id;
}

export interface SenderWithVerification {
  sender: Sender;
  /** The queued verification email, trackable like any message of the account. */
  verificationMessageId: number;
}

/**
 * Adds a sender and mails it the verification link. A sender whose mail cannot be queued (recipient
 * suppressed, no money) is removed again, so the caller can fix the cause and simply retry.
 */
export async function addSenderWithVerification(core: CoreContext, scope: AccountScope, email: string): Promise<SenderWithVerification> {
  systemFromOf(core); // fail before adding anything when system mail cannot be sent at all
  const { sender, verificationToken } = await addSender(scope, email);
  try {
    return { sender, verificationMessageId: await queueVerificationMail(core, scope, sender, verificationToken) };
  } catch (err) {
    await deleteSender(scope, sender.id).catch(() => undefined);
    throw err;
  }
}

/** A new link for an unverified sender (the old one stops working), mailed again. */
export async function resendVerification(core: CoreContext, scope: AccountScope, senderId: number): Promise<SenderWithVerification> {
  systemFromOf(core);
  const { sender, verificationToken } = await renewVerificationToken(scope, senderId);
  return { sender, verificationMessageId: await queueVerificationMail(core, scope, sender, verificationToken) };
}
