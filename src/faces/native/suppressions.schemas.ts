import { Type } from '@sinclair/typebox';
import type { Suppression } from '../../core/suppression/suppressions.js';
import { IsoTimestamp, inputObject, nullable, ref, Offset } from './common.schemas.js';

export const SuppressionSchema = Type.Object(
  {
    address: Type.String({ description: 'The address as compared (lower-cased)' }),
    reason: Type.String({ description: 'unsubscribe, complaint, hard_bounce or manual' }),
    messageId: nullable(Type.Integer({ description: 'The message whose unsubscribe, complaint or bounce put it here' })),
    createdAt: IsoTimestamp,
  },
  { $id: 'Suppression' },
);

export const SuppressionList = Type.Object({ items: Type.Array(ref(SuppressionSchema)), total: Type.Integer() }, { description: 'Suppressed addresses, newest first' });

export const SuppressionListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);

export const SuppressionCreate = inputObject({ address: Type.String({ maxLength: 254, description: 'Email address that must not receive mail from this account' }) }, ['address'], {
  title: 'SuppressionCreate',
});

export const AddressParams = Type.Object({ address: Type.String({ minLength: 1, maxLength: 254 }) }, { additionalProperties: false });

export const toSuppressionDto = (s: Suppression) => ({ address: s.address, reason: s.reason, messageId: s.messageId, createdAt: s.createdAt });
