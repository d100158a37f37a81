/**
 * The two FranchiseMailer envelopes: `{"status":"success","data":…}` and
 * `{"messages":{"error":{"message":…}}}`, plus the mapping from core and Fastify errors to them.
 */
import { DomainError, NotFoundError, ValidationError } from '../../core/errors.js';

export interface SuccessBody<T> {
  status: 'success';
  data: T;
}

export interface ErrorBody {
  messages: { error: { message: string } };
}

export function success<T>(data: T): SuccessBody<T> {
  return { status: 'success', data };
}

export function errorBody(message: string): ErrorBody {
  return { messages: { error: { message } } };
}

/** An error the face raises itself, already carrying the HTTP status and the client message. */
export class FmError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'FmError';
  }
}

export const badRequest = (message: string): FmError => new FmError(400, message);
export const notFound = (label: string): FmError => new FmError(404, `${label} Not Found`);

/** `ContactGroup`, `contact_group`, `custom field` → `Contact Group`, `Custom Field`. */
export function titleCase(entity: string): string {
  return entity
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
}

/** The resource a URL addresses, and the other names the core may give it in a NotFoundError. */
export interface ResourceLabel {
  label: string;
  aliases: readonly string[];
}

export interface MappedError {
  statusCode: number;
  message: string;
  /** 5xx: log it, the client only sees a generic message. */
  internal: boolean;
}

/**
 * Maps anything thrown while serving a request. `resource` is the label of the resource the URL
 * addresses ("Contact" for /contacts/7): a missing *addressed* resource is 404, while a missing
 * *referenced* one (an unknown office id inside a contact body) is the client's input error, 400.
 */
export function mapError(err: unknown, resource: ResourceLabel | undefined): MappedError {
  if (err instanceof FmError) return { statusCode: err.statusCode, message: err.message, internal: false };
  if (err instanceof ValidationError) return { statusCode: 400, message: err.issues[0]?.message ?? err.message, internal: false };
  if (err instanceof NotFoundError) {
    const label = titleCase(err.entity);
    if (resource !== undefined && (label === resource.label || resource.aliases.includes(label))) {
      return { statusCode: 404, message: `${resource.label} Not Found`, internal: false };
    }
    return { statusCode: 400, message: `${label} Not Found`, internal: false };
  }
  if (err instanceof DomainError) {
    // The status list of the document has no 409; conflicts (duplicate e-mail, office still in
    // use) are bad requests with the core's message.
    return { statusCode: err.kind === 'forbidden' ? 403 : 400, message: err.message, internal: false };
  }
  const fastify = err as { statusCode?: unknown; code?: unknown };
  const status = typeof fastify.statusCode === 'number' ? fastify.statusCode : 500;
  if (status === 413) return { statusCode: 413, message: 'Request Body Too Large', internal: false };
  if (status === 415) return { statusCode: 400, message: 'Unsupported Content-Type', internal: false };
  if (status >= 400 && status < 500) return { statusCode: 400, message: 'Malformed Request', internal: false };
  return { statusCode: 500, message: 'Internal Error', internal: true };
}
