/** /v1/contactgroups: per-office groups; same-named groups across offices share a common id. */
import type { FastifyInstance } from 'fastify';
import { createGroups, deleteGroup, getGroup, listGroups, updateGroup } from '../../core/audience/groups/groups.js';
import { badRequest } from './envelope.js';
import { bodyParams, defined, optId, optText, pathId, reqIdList, reqText } from './params.js';
import { fmGroup, fmGroupSummary } from './serializers.js';
import { fmResource } from './router.js';

const GROUP = { label: 'Contact Group', aliases: ['Group', 'Contactgroup'] };
const NAME_MAX = 40;

export function registerContactGroupRoutes(app: FastifyInstance): void {
  fmResource(app, '/contactgroups', undefined, {
    GET: async (request, scope) => {
      const office = optId(bodyParams(request.query), 'office', 'Office');
      // office=0 (or none) lists the groups of every office, matching "0 = all offices" on create.
      const groups = await listGroups(scope, office ? { officeId: office } : {});
      return { data: { contact_groups: groups.map(fmGroup) } };
    },
    POST: async (request, scope) => {
      const p = bodyParams(request.body);
      const name = reqText(p, 'name', 'Name', NAME_MAX);
      const ids = reqIdList(p, 'offices', 'Offices');
      if (ids.includes(0) && ids.length > 1) throw badRequest('Offices must be 0 on its own or a list of office ids');
      const groups = await createGroups(scope, { name, offices: ids.includes(0) ? 'all' : ids });
      return { data: { contact_groups: groups.map(fmGroupSummary) }, created: true };
    },
  });
  fmResource(app, '/contactgroups/:id', GROUP, {
    GET: async (request, scope) => ({ data: { contact_group: fmGroup(await getGroup(scope, pathId(request.params, GROUP.label))) } }),
    PUT: async (request, scope) => {
      const id = pathId(request.params, GROUP.label);
      const p = bodyParams(request.body);
      const name = optText(p, 'name', 'Name', NAME_MAX) === undefined ? undefined : reqText(p, 'name', 'Name', NAME_MAX);
      return { data: { contact_group: fmGroup(await updateGroup(scope, id, defined({ name }))) } };
    },
    DELETE: async (request, scope) => {
      await deleteGroup(scope, pathId(request.params, GROUP.label));
      return { data: null };
    },
  });
}
