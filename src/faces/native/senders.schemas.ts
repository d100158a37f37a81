import { Type, type Static } from '@sinclair/typebox';
import type { Sender } from '../../core/senders/senders.js';
import { IsoTimestamp, inputObject, nullable, ref } from './common.schemas.js';

const senderFields = {
  id: Type.Integer(),
  email: Type.String(),
  verified: Type.Boolean({ description: 'Mail may be sent from this address' }),
  verifiedAt: nullable(IsoTimestamp),
  createdAt: IsoTimestamp,
};

export const SenderSchema = Type.Object(senderFields, { $id: 'Sender' });
export type SenderDto = Static<typeof SenderSchema>;

export const SenderCreate = inputObject({ email: Type.String({ maxLength: 254, description: 'The from address to verify' }) }, ['email'], { title: 'SenderCreate' });

const verificationMessageId = Type.Integer({ description: 'The queued verification email; follow it with GET /messages/{id}' });

export const SenderCreated = Type.Object({ ...senderFields, verificationMessageId }, { description: 'Added, unverified; the verification email is queued' });

export const VerificationQueued = Type.Object({ verificationMessageId }, { description: 'A new link was mailed; earlier links no longer work' });

export const SenderList = Type.Object({ items: Type.Array(ref(SenderSchema)) }, { description: 'The senders' });

export function toSenderDto(sender: Sender): SenderDto {
  return { id: sender.id, email: sender.email, verified: sender.verified, verifiedAt: sender.verifiedAt, createdAt: sender.createdAt };
}
