import type { CoreContext, AccountScope } from '../../../core/context.js';
import type { SfReply, SfRequest, SfRoute } from '../common/router.js';
import { failure, withToken } from '../common/connection.js';
// Read at call time only, so the import cycle with plugin.ts is harmless.
import { MEMBER_TOKEN_KIND } from './plugin.js';
import { describeTable, getByCellphone, getByCriteria, getByEmail, getById, jobStatus, listByPage } from './reads.js';
import { MemberCallError } from './requests.js';
import {
  rejoinByCellphone, rejoinByEmail, rejoinByMemberId, unjoinByCellphone, unjoinByEmail, unjoinByMemberId, unjoinMember,
} from './unjoin-rejoin.js';
import { insertByEmail, insertMember, insertOrUpdateMember, updateByEmail, updateMember } from './writes.js';

type MemberHandler = (scope: AccountScope, req: SfRequest) => Promise<SfReply>;

/**
 * Failure statuses. The vendor documents UPDATE_MEMBER_FAILED and ISTUPD_MEMBER_FAILED; the rest
 * follow the same METHOD_FAILED pattern (docs/protocols/smartfocus.md §Herald's choices). Token problems answer
 * CHECK_TOKEN_FAILED (common/connection.ts) whatever the method.
 */
export const MEMBER_FAILURE_STATUS = {
  insert: 'INSERT_MEMBER_FAILED',
  update: 'UPDATE_MEMBER_FAILED',
  insertOrUpdate: 'ISTUPD_MEMBER_FAILED',
  jobStatus: 'GET_MEMBER_JOB_STATUS_FAILED',
  get: 'GET_MEMBER_FAILED',
  list: 'GET_LIST_MEMBERS_FAILED',
  describe: 'DESC_MEMBER_TABLE_FAILED',
  unjoin: 'UNJOIN_MEMBER_FAILED',
  rejoin: 'REJOIN_MEMBER_FAILED',
} as const;

type FailureKind = keyof typeof MEMBER_FAILURE_STATUS;

/**
 * Member REST methods after connect/open|close (docs/protocols/smartfocus.md §Member). Path parameters are named
 * as the vendor's query-string form names them (`synchroId`, `id`, `cellphone`…), so the router's
 * query form (`member/insert?token=…&email=…`) needs no mapping.
 */
const TABLE: ReadonlyArray<[SfRoute['method'], string, FailureKind, MemberHandler]> = [
  ['GET', 'member/insert/:token/:email', 'insert', insertByEmail],
  ['POST', 'member/insertMember/:token', 'insert', insertMember],
  ['POST', 'member/updateMember/:token', 'update', updateMember],
  ['POST', 'member/insertOrUpdateMember/:token', 'insertOrUpdate', insertOrUpdateMember],
  ['GET', 'member/update/:token/:email/:field/:value', 'update', updateByEmail],
  ['GET', 'member/getMemberJobStatus/:token/:synchroId', 'jobStatus', jobStatus],
  ['GET', 'member/getMemberByEmail/:token/:email', 'get', getByEmail],
  ['GET', 'member/getMemberByCellphone/:token/:cellphone', 'get', getByCellphone],
  ['GET', 'member/getMemberById/:token/:id', 'get', getById],
  // HEAD of the library and the vendor PDF; the library ≤ 1.3.0 sends the member/ spelling.
  ['GET', 'getListMembersByPage/:token/:page', 'list', listByPage],
  ['GET', 'member/getListMembersByPage/:token/:page', 'list', listByPage],
  ['POST', 'member/getMembers/:token', 'get', getByCriteria],
  ['GET', 'member/descMemberTable/:token', 'describe', (scope) => describeTable(scope)],
  ['GET', 'member/unjoinByEmail/:token/:email', 'unjoin', unjoinByEmail],
  ['GET', 'member/unjoinByCellphone/:token/:cellphone', 'unjoin', unjoinByCellphone],
  ['GET', 'member/unjoinByMemberId/:token/:id', 'unjoin', unjoinByMemberId],
  ['POST', 'member/unjoinMember/:token', 'unjoin', unjoinMember],
  ['GET', 'member/rejoinByEmail/:token/:email', 'rejoin', rejoinByEmail],
  ['GET', 'member/rejoinByCellphone/:token/:cellphone', 'rejoin', rejoinByCellphone],
  ['GET', 'member/rejoinByMemberId/:token/:id', 'rejoin', rejoinByMemberId],
];

function guarded(kind: FailureKind, handler: MemberHandler): MemberHandler {
  return async (scope, req) => {
    try {
      return await handler(scope, req);
    } catch (err) {
      if (err instanceof MemberCallError) return failure(err.description, err.fields, MEMBER_FAILURE_STATUS[kind]);
      throw err;
    }
  };
}

export function memberRoutes(ctx: CoreContext): SfRoute[] {
  return TABLE.map(([method, pattern, kind, handler]) => ({
    method,
    pattern,
    ...withToken(ctx, MEMBER_TOKEN_KIND, guarded(kind, handler)),
  }));
}
