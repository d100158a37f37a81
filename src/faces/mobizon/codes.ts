/**
 * Mobizon API result codes (the official table, docs/protocols/mobizon.md §Envelope). Every one is answered with
 * HTTP 200: mobizon-node would reject a non-2xx response instead of returning `{code: 8}`, and
 * mobizon-php ignores the status anyway.
 */
export const MobizonCode = {
  OK: 0,
  VALIDATION: 1,
  NOT_FOUND: 2,
  APPLICATION_ERROR: 3,
  UNKNOWN_MODULE: 4,
  UNKNOWN_METHOD: 5,
  BAD_FORMAT: 6,
  AUTH: 8,
  ACCESS_DENIED: 9,
  SAVE_ERROR: 10,
  REQUIRED_MISSING: 11,
  CONSTRAINT: 12,
  WRONG_SERVER: 13,
  ACCOUNT_BLOCKED: 14,
  OPERATION_ERROR: 15,
  RATE_LIMIT: 30,
  PARTIAL: 98,
  NOTHING_DONE: 99,
  BACKGROUND_TASK: 100,
  GENERAL: 999,
} as const;

export type MobizonCodeValue = (typeof MobizonCode)[keyof typeof MobizonCode];

/**
 * The transport's own messages. The live service localises them per domain (Russian on .kz,
 * Portuguese on .com.br); Herald answers in English.
 */
export const TransportMessage = {
  unknownModule: (module: string) => (module === '' ? 'API module is not specified' : `Unknown API module: ${module}`),
  unknownMethod: (module: string, method: string) => (method === '' ? `API method of module ${module} is not specified` : `Unknown API method: ${module}/${method}`),
  badApiVersion: (api: string) => `Unsupported API version: ${api} (supported: v1)`,
  badOutput: (output: string) => `Unsupported output format: ${output} (supported: json, xml)`,
  missingKey: () => 'API key is not specified',
  badKey: () => 'Authorization failed: invalid API key',
  notImplemented: (name: string) => `Method ${name} is not available on this server yet`,
  applicationError: () => 'Internal application error',
  bodyTooLarge: () => 'Request body is too large',
  badBody: () => 'Request body could not be read',
  tooManyVariables: () => 'Too many request parameters',
  tooManyAttempts: (seconds: number) => `Too many failed authorization attempts, retry in ${seconds} seconds`,
} as const;
