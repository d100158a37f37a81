import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';

/**
 * The 200 response of a streamed download. Typed as the Readable the handler sends (Fastify pipes
 * streams without serialising them) and documented as binary content of the given media types.
 */
export const streamResponse = (mediaTypes: readonly string[], description: string) => ({
  description,
  content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }) }])),
});
