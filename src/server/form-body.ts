import qs from 'qs';
import type { FastifyInstance } from 'fastify';

/**
 * Form bodies as PHP's http_build_query writes them: bracket keys (`custom_fields[1]=x`,
 * `data[recipients][0]=…`) become nested objects, `+` is a space. PHP clients (FranchiseMailer,
 * Mobizon) rely on this, so it is the parser for every face.
 */
export function parsePhpForm(body: string): Record<string, unknown> {
  return qs.parse(body, { depth: 5, arrayLimit: 1000, parameterLimit: 10000, allowDots: false, charset: 'utf-8' }) as Record<string, unknown>;
}

export function registerFormBodyParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parsePhpForm(body as string));
    } catch (err) {
      const error = err as Error & { statusCode?: number };
      error.statusCode = 400;
      done(error, undefined);
    }
  });
}
