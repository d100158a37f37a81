// Sending one SmartFocus notification (an emv template) to one recipient: render it with the
// request's push fields and content blocks, then accept it like any other email. The sender,
// subject and click tracking are the template's; the random is kept as the message's external
// reference so the message can be traced back to the notification it came from.
import { ValidationError } from '../errors.js';
import { acceptEmails } from '../messages/accept.js';
import { renderEmvTemplate, toEmail, type EmvValues, type RenderedContent } from './render-email.js';
import { RenderedTooLargeError } from './render-limits.js';
import type { Notification } from './templates.js';

/** The notification renders to nothing at all (neither an HTML nor a text part). */
export class EmptyNotificationError extends Error {
  constructor(readonly templateId: number) {
    super(`Template ${templateId} has no content`);
    this.name = 'EmptyNotificationError';
  }
}

export interface NotificationSend {
  to: string;
  /** Past or null: as soon as possible. */
  sendAt: Date | null;
  values: EmvValues;
}

/** Accepts the message (see acceptEmails for refusals: unverified sender, suppressed recipient…); returns its id. */
export async function sendNotification(notification: Notification, send: NotificationSend): Promise<number> {
  const { template, scope } = notification;
  let rendered: RenderedContent;
  try {
    rendered = renderEmvTemplate(template, send.values);
  } catch (err) {
    // The push fields multiplied by the template's tags make the message too large.
    if (err instanceof RenderedTooLargeError) throw ValidationError.single('dyn', 'too_long', `The notification could not be rendered: ${err.message}`);
    throw err;
  }
  if (rendered.html === null && rendered.text === null) throw new EmptyNotificationError(template.id);
  const email = toEmail(template, rendered, { to: send.to, sendAt: send.sendAt, externalRef: template.random });
  const [id] = await acceptEmails(scope, [email], { source: 'smartfocus' });
  return id as number;
}
