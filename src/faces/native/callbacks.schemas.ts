import { Type, type Static } from '@sinclair/typebox';
import type { WebhookView } from '../../core/callbacks/webhooks.js';
import type { DeliveryView } from '../../core/callbacks/deliveries.js';
import { CALLBACK_EVENT_TYPES } from '../../core/messages/events.js';
import { IsoTimestamp, inputObject, nullable, ref, Offset } from './common.schemas.js';

const EventName = Type.Union(CALLBACK_EVENT_TYPES.map((e) => Type.Literal(e)), { description: 'sent, delivered, open, move (click), unsubscribe, spam, error, smtp-warning' });
const Flavour = Type.Union([Type.Literal('native'), Type.Literal('sendexpert'), Type.Literal('mobizon')], {
  description:
    'native: Herald JSON signed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature); sendexpert: the SendExpert callback body with its MD5 checksum (account SendExpert key); mobizon: one Mobizon sms-delivery-report per POST signed with sha1(eventId|attempt|eventCreateTs|secret) (events sent = ACCEPTD, delivered and error = final status)',
});

const callbackFields = {
  url: Type.String({ minLength: 1, maxLength: 2000, description: 'http(s) URL the batches are POSTed to; must resolve to public addresses unless the operator allows private ones' }),
  events: Type.Array(EventName, { minItems: 1, maxItems: CALLBACK_EVENT_TYPES.length, uniqueItems: true }),
  flavour: Flavour,
  errorThreshold: nullable(Type.Integer({ minimum: 1, maximum: 100, description: 'smtp-warning: percent of the day\'s finished mails that failed (at least 10 finished) at which one warning a day is sent; required with smtp-warning' })),
};

export const CallbackSchema = Type.Object(
  {
    id: Type.Integer(),
    url: Type.String(),
    flavour: Type.String({ description: 'native, sendexpert or mobizon' }),
    events: Type.Array(Type.String()),
    enabled: Type.Boolean(),
    disabledReason: nullable(Type.String({ description: 'Why Herald (or the account) disabled it' })),
    consecutiveFailures: Type.Integer({ description: 'Deliveries in a row that ended failed; the webhook is disabled at 5' }),
    errorThreshold: nullable(Type.Integer()),
    createdAt: IsoTimestamp,
  },
  { $id: 'Callback' },
);
export type CallbackDto = Static<typeof CallbackSchema>;

export const CallbackCreate = inputObject(callbackFields, ['url', 'events'], { title: 'CallbackCreate' });
export const CallbackUpdate = inputObject(
  { url: callbackFields.url, events: callbackFields.events, errorThreshold: callbackFields.errorThreshold, enabled: Type.Boolean({ description: 'true re-enables a disabled callback and clears its failure count' }) },
  [],
  { title: 'CallbackUpdate' },
);

export const CallbackWithSecret = Type.Object(
  {
    callback: ref(CallbackSchema),
    secret: nullable(Type.String({ description: 'Standard Webhooks signing secret (whsec_…), shown only here (mobizon: the secretKey of the sign); null for sendexpert callbacks' })),
  },
  { description: 'The callback and its signing secret' },
);

export const CallbackList = Type.Object({ items: Type.Array(ref(CallbackSchema)) }, { description: 'The callbacks' });

export const DeliveryListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);

export const DeliveryList = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        id: Type.Integer({ description: 'Also the webhook-id header of the batch (msg_<id>)' }),
        status: Type.String({ description: 'pending, delivered or failed (retried 24 h after the first attempt)' }),
        attempts: Type.Integer(),
        events: Type.Integer({ description: 'Events in the batch' }),
        lastStatusCode: nullable(Type.Integer()),
        lastError: nullable(Type.String()),
        createdAt: IsoTimestamp,
        nextAttemptAt: nullable(IsoTimestamp),
        finishedAt: nullable(IsoTimestamp),
      }),
    ),
    total: Type.Integer(),
  },
  { description: 'The delivery log, newest first' },
);

export const toCallbackDto = (w: WebhookView): CallbackDto => w;
export const toDeliveryDto = (d: DeliveryView) => d;
