/** /v1/offices: stores, branches, restaurants, outlets. */
import type { FastifyInstance } from 'fastify';
import { createOffice, deleteOffice, getOffice, listOffices, updateOffice, type OfficeInput } from '../../core/audience/offices/offices.js';
import { bodyParams, defined, optText, optWordList, pathId, reqText, type Params } from './params.js';
import { fmOffice } from './serializers.js';
import { fmResource } from './router.js';

const OFFICE = { label: 'Office', aliases: [] };

function officeInput(p: Params): OfficeInput {
  return defined({
    name: optText(p, 'name', 'Name'),
    property: optText(p, 'property', 'Property'),
    street: optText(p, 'street', 'Street'),
    area: optText(p, 'area', 'Area'),
    town: optText(p, 'town', 'Town'),
    county: optText(p, 'county', 'County'),
    postCode: optText(p, 'post_code', 'Post Code'),
    telephone: optText(p, 'telephone', 'Telephone'),
    fax: optText(p, 'fax', 'Fax'),
    email: optText(p, 'email', 'Email Address'),
    website: optText(p, 'website', 'Website'),
    postCodeAllocation: optWordList(p, 'post_code_allocation', 'Post Code Allocation'),
  });
}

export function registerOfficeRoutes(app: FastifyInstance): void {
  fmResource(app, '/offices', undefined, {
    GET: async (_request, scope) => ({ data: { offices: (await listOffices(scope)).map(fmOffice) } }),
    POST: async (request, scope) => {
      const p = bodyParams(request.body);
      const input = { ...officeInput(p), name: reqText(p, 'name', 'Name') };
      return { data: { office: fmOffice(await createOffice(scope, input)) }, created: true };
    },
  });
  fmResource(app, '/offices/:id', OFFICE, {
    GET: async (request, scope) => ({ data: { office: fmOffice(await getOffice(scope, pathId(request.params, 'Office'))) } }),
    PUT: async (request, scope) => {
      const id = pathId(request.params, 'Office');
      const p = bodyParams(request.body);
      const input = officeInput(p);
      // A name may be changed but not blanked: the document makes it required on create.
      if (input.name !== undefined) input.name = reqText(p, 'name', 'Name');
      return { data: { office: fmOffice(await updateOffice(scope, id, input)) } };
    },
    DELETE: async (request, scope) => {
      await deleteOffice(scope, pathId(request.params, 'Office'));
      return { data: null };
    },
  });
}
