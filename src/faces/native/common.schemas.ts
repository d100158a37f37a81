import { Type, type ObjectOptions, type Static, type TObject, type TOptional, type TProperties, type TSchema } from '@sinclair/typebox';
import { MAX_ID, MAX_INT32 } from '../../core/bounds.js';

/**
 * A `$ref` to a shared component schema that keeps the referenced static type. Responses use
 * these so the OpenAPI document names each entity once (`#/components/schemas/Contact`) and the
 * serialiser resolves them from the schemas the plugin adds with `addSchema`.
 */
export function ref<T extends TSchema>(schema: T, description?: string) {
  if (schema.$id === undefined) throw new Error('ref() needs a schema with an $id');
  // OpenAPI 3.1 allows siblings of $ref; @fastify/swagger uses `description` for the response.
  return Type.Unsafe<Static<T>>(Type.Ref(schema.$id, description ? { description } : {}));
}

/** `T | null`, spelled the way OpenAPI 3.1 (JSON Schema 2020-12) expects. */
export function nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/**
 * Ids are positive integers; the upper bound keeps them exact in JavaScript numbers, so an
 * absurd id is a 400 rather than a database error.
 */
export const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });

/** Rows to skip in a list; the bound keeps an absurd offset a 400 rather than a database error. */
export const Offset = Type.Integer({ minimum: 0, maximum: MAX_INT32, default: 0 });

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const IsoTimestamp = Type.String({ format: 'date-time' });

export const ErrorDetail = Type.Object(
  {
    field: Type.String({ description: 'Dotted path of the offending input, e.g. `customFields.3`; empty for the whole body.' }),
    code: Type.String({ description: 'required, invalid, too_long, unknown, conflict or not_allowed' }),
    message: Type.String(),
  },
  { $id: 'ErrorDetail' },
);

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Machine-readable error code, e.g. `validation_failed`, `not_found`.' }),
      message: Type.String(),
      details: Type.Array(ref(ErrorDetail)),
    }),
  },
  { $id: 'Error' },
);
export type ErrorBodyType = Static<typeof ErrorBody>;

const ERROR_DESCRIPTIONS = {
  400: 'Invalid input: schema or core validation failed, or malformed JSON',
  401: 'Missing or invalid API key',
  404: 'No such entity in this account',
  409: 'Conflicts with existing data',
  410: 'No longer kept: deleted after its retention period',
  413: 'Request body too large',
  415: 'Request body is not application/json',
  422: 'Well-formed but refused: sender not verified, recipient suppressed, not enough money, attachments too large, unknown unsubscribe form',
  429: 'Too many failed authentications from this address: every key is refused until the `Retry-After` seconds have passed',
  500: 'Internal error',
  503: 'Not available with this server configuration (the message names the setting)',
} as const;
type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;
const errorRef = (status: ErrorStatus) => ref(ErrorBody, ERROR_DESCRIPTIONS[status]);

/**
 * Error responses of an operation, all in the shared `Error` shape. An operation that authenticates
 * (401) can also be throttled (429, the brute-force limit), so that one comes with it.
 */
export function errorResponses<S extends Exclude<ErrorStatus, 429>>(...statuses: S[]): Record<S, ReturnType<typeof errorRef>> & { 429?: ReturnType<typeof errorRef> } {
  const out = {} as Record<S, ReturnType<typeof errorRef>>;
  for (const status of statuses) out[status] = errorRef(status);
  return (statuses as ErrorStatus[]).includes(401) ? { ...out, 429: errorRef(429) } : out;
}

export const NoContent = Type.Null({ description: 'Deleted' });

/** Component schemas the plugin registers with `addSchema` so `ref()` can point at them. */
export const COMMON_COMPONENTS: TSchema[] = [ErrorDetail, ErrorBody];

/**
 * Copies only the keys whose values are defined. Core update functions treat an absent key as
 * "keep", so an explicit `undefined` must never reach them.
 */
export function definedOnly<T extends object>(input: T): T {
  const out: Partial<T> = {};
  for (const key of Object.keys(input) as (keyof T)[]) {
    if (input[key] !== undefined) out[key] = input[key];
  }
  return out as T;
}

type InputProperties<P extends TProperties, R extends keyof P> = { [K in keyof P]: K extends R ? P[K] : TOptional<P[K]> };

/**
 * A request body: the listed keys are required, the rest optional, unknown keys rejected (a typo
 * in a field name should be a 400, not a silently ignored field).
 */
export function inputObject<P extends TProperties, R extends keyof P & string>(properties: P, required: readonly R[], options: ObjectOptions = {}): TObject<InputProperties<P, R>> {
  const out: TProperties = {};
  for (const [key, schema] of Object.entries(properties)) out[key] = (required as readonly string[]).includes(key) ? schema : Type.Optional(schema);
  return Type.Object(out, { additionalProperties: false, ...options }) as TObject<InputProperties<P, R>>;
}
