import { Type } from '@sinclair/typebox';
import { IsoTimestamp, inputObject } from './common.schemas.js';

export const SmsSenderId = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String({ description: 'Alphanumeric (≤ 11 characters, with a letter) or numeric (≤ 15 digits)' }),
    isDefault: Type.Boolean({ description: 'Used when a send names no registered sender id' }),
    createdAt: IsoTimestamp,
  },
  { description: 'A registered SMS sender id' },
);

export const SmsSenderIdList = Type.Object({ items: Type.Array(SmsSenderId) }, { description: 'Registered sender ids, oldest first' });

export const SmsSenderIdCreate = inputObject(
  { name: Type.String({ minLength: 1, maxLength: 15 }), isDefault: Type.Boolean({ description: 'Make it the default; the first sender id is the default anyway' }) },
  ['name'],
  { title: 'SmsSenderIdCreate' },
);

export const SmsSenderIdUpdate = inputObject({ isDefault: Type.Literal(true, { description: 'Make this the default (the previous default stops being one)' }) }, ['isDefault'], { title: 'SmsSenderIdUpdate' });
