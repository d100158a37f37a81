import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { EXPORT_MEDIA_TYPES, exportContacts, type ExportFilter } from '../../core/exports/export.js';
import { scopeOf } from './auth.js';
import { Id, definedOnly, errorResponses } from './common.schemas.js';
import { ContactStatusSchema } from './contacts.schemas.js';
import { streamResponse } from './downloads.js';

const ExportQuery = Type.Object(
  {
    format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'csv' })),
    officeId: Type.Optional(Id),
    groupId: Type.Optional(Id),
    status: Type.Optional(ContactStatusSchema),
    search: Type.Optional(Type.String({ description: 'Substring of name, email or phone, case-insensitive.' })),
  },
  { additionalProperties: false },
);

export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/exports',
    {
      schema: {
        tags: ['Exports'],
        operationId: 'exportContacts',
        summary: 'Download contacts as CSV or XLSX',
        description:
          'Streams the matching contacts in id order: the standard fields, `groups` (ids, comma separated), then one column per custom field. ' +
          'CSV is RFC 4180, UTF-8 with a BOM, CRLF. Cells beginning with `=`, `+`, `-`, `@`, TAB or CR get a leading `\'` against formula injection, ' +
          'as does such a character right after a `;` or `|` within a cell (where semicolon-locale spreadsheets start a cell), ' +
          'so E.164 phone numbers appear as `\'+44…`.',
        querystring: ExportQuery,
        response: { 200: streamResponse(Object.values(EXPORT_MEDIA_TYPES), 'The export file, streamed as an attachment'), ...errorResponses(400, 401, 500) },
      },
    },
    async (request, reply) => {
      const { format = 'csv', ...rest } = request.query;
      const filter = definedOnly<ExportFilter>({ officeId: rest.officeId, groupId: rest.groupId, status: rest.status, search: rest.search });
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type(EXPORT_MEDIA_TYPES[format])
        .header('content-disposition', `attachment; filename="contacts-${day}.${format}"`)
        .send(exportContacts(scopeOf(request), filter, format));
    },
  );
};
