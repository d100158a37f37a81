import type { FastifyInstance } from 'fastify';

/** SmartFocus clients POST `text/xml; charset=utf-8`; handlers parse the XML themselves. */
export function registerXmlBodyParser(app: FastifyInstance): void {
  app.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
}
