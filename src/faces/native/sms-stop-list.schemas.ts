import { Type } from '@sinclair/typebox';
import { IsoTimestamp, inputObject, Offset } from './common.schemas.js';

/* Stop-list shapes, shared by the account's list (sms-stop-list.ts) and the system list (operator/stop-list.ts). */

export const StopListEntry = Type.Object(
  { id: Type.Integer(), number: Type.String({ description: 'E.164' }), createdAt: IsoTimestamp },
  { description: 'A number that receives no SMS' },
);

export const StopListPage = Type.Object({ items: Type.Array(StopListEntry), total: Type.Integer() }, { description: 'Stop-listed numbers, newest first' });

export const StopListAdded = Type.Object({ items: Type.Array(StopListEntry) }, { description: 'The entries of the given numbers (numbers already listed keep their entry)' });

export const StopListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    offset: Type.Optional(Offset),
    search: Type.Optional(Type.String({ maxLength: 32, description: 'Digits the number contains' })),
  },
  { additionalProperties: false },
);

export const StopListCreate = inputObject(
  { numbers: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 1000, description: 'Mobile numbers in any common notation; each is normalised to E.164' }) },
  ['numbers'],
  { title: 'StopListCreate' },
);

export const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 64, description: 'The number, in any notation (`+` percent-encoded as %2B or left out)' }) }, { additionalProperties: false });
