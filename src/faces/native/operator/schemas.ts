import { Type } from '@sinclair/typebox';
import { ErrorBody, Id, errorResponses, inputObject, nullable, ref, Offset } from '../common.schemas.js';

/* Shapes of the operator API that no account route shares. */

type AccountErrorStatus = Parameters<typeof errorResponses>[0];

/** Error responses of an operator operation: always 401 (no or wrong key) and 403 (API disabled). */
export function operatorErrors(...statuses: AccountErrorStatus[]) {
  return {
    ...errorResponses(401, ...statuses),
    403: ref(ErrorBody, 'The operator API is disabled: HERALD_OPERATOR_KEY is not set'),
  };
}

export const OPERATOR_DESCRIPTION = 'Operator API: authenticate with `Authorization: Bearer <HERALD_OPERATOR_KEY>`, not an account key.';

export const SmsSettings = Type.Object(
  {
    moderation: Type.Boolean({ description: "The account's campaigns wait for a moderator's approval before sending" }),
    allowedCountries: nullable(Type.Array(Type.String(), { description: 'ISO 3166 alpha-2 codes the account may send SMS to; null: every country' })),
  },
  { description: "The account's SMS settings" },
);

export const SmsSettingsUpdate = inputObject(
  {
    moderation: Type.Boolean(),
    allowedCountries: nullable(Type.Array(Type.String({ maxLength: 2 }), { maxItems: 300, description: 'null: every country; [] blocks every country' })),
  },
  [],
  { title: 'SmsSettingsUpdate' },
);

export const ModerationCampaign = Type.Object(
  {
    id: Type.Integer(),
    accountId: Type.Integer(),
    accountName: Type.String(),
    name: Type.String(),
    text: Type.String(),
    sender: Type.String(),
    status: Type.String({ description: 'NEW, MODERATION, DECLINED, READY_FOR_SEND, AUTO_READY_FOR_SEND, DEFERRED, RUNNING, SENT or DONE' }),
    recipients: Type.Integer({ description: 'Recipients added' }),
    moderationComment: Type.String({ description: "The moderator's comment (why it was declined)" }),
    createdAt: Type.String({ format: 'date-time' }),
    sendRequestedAt: nullable(Type.String({ format: 'date-time' })),
  },
  { description: 'An SMS campaign as a moderator sees it' },
);

export const ModerationCampaignList = Type.Object({ items: Type.Array(ModerationCampaign), total: Type.Integer() }, { description: 'Campaigns in the status asked for, oldest request first' });

export const ModerationQuery = Type.Object(
  {
    status: Type.Optional(Type.String({ default: 'MODERATION', pattern: '^[A-Z_]{2,30}$' })),
    accountId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);

export const DeclineBody = inputObject({ comment: Type.String({ minLength: 1, maxLength: 1000, description: 'Why: the account sees it as the campaign comment' }) }, ['comment'], { title: 'CampaignDecline' });

const currency = (description: string) => Type.String({ minLength: 3, maxLength: 3, description });

const ExchangeRate = Type.Object(
  {
    from: currency('ISO 4217 code of the currency converted from (the price list is in the account billing currency)'),
    to: currency('ISO 4217 code of the currency converted to'),
    rate: Type.String({ description: 'Units of `to` per unit of `from`, a decimal string (e.g. `0.0021`)' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { description: 'An exchange rate' },
);
export const ExchangeRateList = Type.Object({ items: Type.Array(ExchangeRate) }, { description: 'Exchange rates by currency pair' });

const ExchangeRateInput = inputObject(
  {
    from: currency('ISO 4217 code, e.g. KZT'),
    to: currency('ISO 4217 code, e.g. USD'),
    rate: Type.String({ minLength: 1, maxLength: 30, description: 'Units of `to` per unit of `from`: a positive decimal with at most 12 decimals' }),
  },
  ['from', 'to', 'rate'],
  { title: 'ExchangeRateInput' },
);
export const ExchangeRateUpsert = inputObject({ rows: Type.Array(ExchangeRateInput, { minItems: 1, maxItems: 1000 }) }, ['rows'], { title: 'ExchangeRateUpsert' });
export const PairParams = Type.Object({ from: currency('ISO 4217 code'), to: currency('ISO 4217 code') }, { additionalProperties: false });
