import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import { FormatRegistry } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import type { FieldIssue } from '../../core/errors.js';

/*
 * TypeBox checks only the formats registered here (an unknown format fails every value). RFC 3339
 * date-time with an offset, and full dates that exist in the calendar.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
if (!FormatRegistry.Has('date')) FormatRegistry.Set('date', isCalendarDate);
if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', (value) => {
    const m = DATE_TIME.exec(value);
    return m !== null && isCalendarDate(m[1] as string) && !Number.isNaN(Date.parse(value));
  });
}

/** What the native validator puts in `params` so the error handler can build `details`. */
export interface NativeIssueParams {
  field: string;
  code: FieldIssue['code'];
}

function issueCode(error: ValueError): FieldIssue['code'] {
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'required';
    case ValueErrorType.StringMaxLength:
    case ValueErrorType.ArrayMaxItems:
      return 'too_long';
    case ValueErrorType.ObjectAdditionalProperties:
      return 'not_allowed';
    default:
      return 'invalid';
  }
}

/** `/customFields/3` → `customFields.3`, the field notation the core uses in FieldIssue. */
function fieldOf(path: string): string {
  return path
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** TypeBox says "Expected union value"; name the alternatives instead (`"Male", "Female" or null`). */
function describeUnion(schema: TSchema): string | null {
  const branches = (schema as { anyOf?: TSchema[] }).anyOf;
  if (!branches) return null;
  const names = branches.map((branch) => {
    const { const: literal, type } = branch as { const?: unknown; type?: unknown };
    if (literal !== undefined) return JSON.stringify(literal);
    if (type === 'array') return 'an array';
    return typeof type === 'string' ? type : (describeUnion(branch) ?? 'another value');
  });
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}` : (names[0] ?? null);
}

function messageOf(error: ValueError): string {
  if (error.type === ValueErrorType.Union) {
    const alternatives = describeUnion(error.schema);
    if (alternatives) return `Expected ${alternatives}`;
  }
  return error.message;
}

function toFastifyErrors(errors: Iterable<ValueError>): FastifySchemaValidationError[] {
  const out: FastifySchemaValidationError[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const field = fieldOf(error.path);
    // A failed union reports each branch as well; one issue per field is what a client can act on.
    if (seen.has(field)) continue;
    seen.add(field);
    const params: NativeIssueParams = { field, code: issueCode(error) };
    out.push({ keyword: ValueErrorType[error.type] ?? 'invalid', instancePath: error.path, schemaPath: '', params: { ...params }, message: messageOf(error) });
  }
  return out;
}

const INTEGER_TEXT = /^-?\d+$/;
const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * Query strings and path parameters arrive as text. Only whole numeric text becomes a number:
 * TypeBox's Value.Convert would turn `1.5` or `12abc` into an id, and those must be a 400.
 */
function convertText(schema: TSchema, input: unknown): unknown {
  const properties = (schema as { properties?: Record<string, TSchema> }).properties;
  if (!properties || typeof input !== 'object' || input === null) return input;
  const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const [key, property] of Object.entries(properties)) {
    const value = out[key];
    if (typeof value !== 'string') continue;
    const type = (property as { type?: unknown }).type;
    if ((type === 'integer' && INTEGER_TEXT.test(value)) || (type === 'number' && NUMBER_TEXT.test(value))) out[key] = Number(value);
  }
  return out;
}

/**
 * Validates with TypeBox's compiler instead of Fastify's Ajv, which coerces body types
 * (`coerceTypes: 'array'`): a JSON API must answer `{"officeId": "5"}` with a 400, not guess.
 * Query strings and path parameters arrive as text, so only they are converted first.
 */
export const nativeValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = TypeCompiler.Compile(schema);
  return (input: unknown) => {
    const value = httpPart === 'body' ? input : convertText(schema, input);
    if (check.Check(value)) return { value };
    return { error: toFastifyErrors(check.Errors(value)) };
  };
};
