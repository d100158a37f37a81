/** /v1/customfields: account-wide contact fields, referenced by id in contacts' custom_fields. */
import type { FastifyInstance } from 'fastify';
import {
  createCustomField,
  deleteCustomField,
  getCustomField,
  listCustomFields,
  updateCustomField,
} from '../../core/audience/custom-fields/custom-fields.js';
import { bodyParams, defined, optText, pathId, reqText } from './params.js';
import { fmCustomField } from './serializers.js';
import { fmResource } from './router.js';

const FIELD = { label: 'Custom Field', aliases: ['Field', 'Customfield'] };
const NAME_MAX = 20;

export function registerCustomFieldRoutes(app: FastifyInstance): void {
  fmResource(app, '/customfields', undefined, {
    GET: async (_request, scope) => ({ data: { custom_fields: (await listCustomFields(scope)).map(fmCustomField) } }),
    POST: async (request, scope) => {
      const p = bodyParams(request.body);
      const input = { name: reqText(p, 'name', 'Name', NAME_MAX), description: reqText(p, 'description', 'Description') };
      return { data: { custom_field: fmCustomField(await createCustomField(scope, input)) }, created: true };
    },
  });
  fmResource(app, '/customfields/:id', FIELD, {
    GET: async (request, scope) => ({ data: { custom_field: fmCustomField(await getCustomField(scope, pathId(request.params, FIELD.label))) } }),
    PUT: async (request, scope) => {
      const id = pathId(request.params, FIELD.label);
      const p = bodyParams(request.body);
      const name = optText(p, 'name', 'Name', NAME_MAX);
      const description = optText(p, 'description', 'Description');
      // Both are required on create, so an update may change them but not blank them.
      const patch = defined({
        name: name === undefined ? undefined : reqText(p, 'name', 'Name', NAME_MAX),
        description: description === undefined ? undefined : reqText(p, 'description', 'Description'),
      });
      return { data: { custom_field: fmCustomField(await updateCustomField(scope, id, patch)) } };
    },
    DELETE: async (request, scope) => {
      await deleteCustomField(scope, pathId(request.params, FIELD.label));
      return { data: null };
    },
  });
}
