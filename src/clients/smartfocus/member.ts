/**
 * Member REST (individual member management): the 21 methods of the PHP library's Rest\Member,
 * same names, the token kept in the instance (docs/protocols/smartfocus.md §Member). Paths and bodies are byte
 * for byte the library's, except that values a URL cannot carry raw (spaces…) are percent-encoded
 * where the library throws.
 */
import { pathSegment as seg } from './encoding.js';
import {
  jobResult, jobStatusResult, membersPageResult, membersResult, memberTableResult,
  type JobResult, type JobStatusResult, type MembersPageResult, type MembersResult, type MemberTableResult,
} from './member-results.js';
import { SessionService, type SmartFocusClientOptions } from './session.js';
import { synchroMemberBody, type SynchroMemberInput } from './synchro-member.js';

export const MEMBER_BASE_PATH = '/apimember/services/rest';

export class Member extends SessionService {
  constructor(options: SmartFocusClientOptions) {
    super(options, MEMBER_BASE_PATH);
  }

  /** member/insert/{token}/{email} */
  async insertMemberByEmailAddress(email: string): Promise<JobResult> {
    return jobResult(await this.get(`member/insert/${this.requireToken()}/${seg(email)}`));
  }

  /** POST member/insertMember/{token}: synchroMember with `<email>` and `<dynContent>`. */
  async insertMember(xml: SynchroMemberInput): Promise<JobResult> {
    return jobResult(await this.post(`member/insertMember/${this.requireToken()}`, synchroMemberBody(xml)));
  }

  /** POST member/updateMember/{token}: synchroMember with `<memberUID>` and `<dynContent>`. */
  async updateMember(xml: SynchroMemberInput): Promise<JobResult> {
    return jobResult(await this.post(`member/updateMember/${this.requireToken()}`, synchroMemberBody(xml)));
  }

  /** POST member/insertOrUpdateMember/{token} */
  async insertOrUpdateMember(xml: SynchroMemberInput): Promise<JobResult> {
    return jobResult(await this.post(`member/insertOrUpdateMember/${this.requireToken()}`, synchroMemberBody(xml)));
  }

  /** member/update/{token}/{email}/{field}/{value} */
  async updateMemberByEmailAddress(email: string, field: string, value: string | number): Promise<JobResult> {
    return jobResult(await this.get(`member/update/${this.requireToken()}/${seg(email)}/${seg(field)}/${seg(value)}`));
  }

  /** member/getMemberJobStatus/{token}/{jobId} */
  async getMemberJobStatus(jobId: number | string): Promise<JobStatusResult> {
    return jobStatusResult(await this.get(`member/getMemberJobStatus/${this.requireToken()}/${seg(jobId)}`));
  }

  /** member/getMemberByEmail/{token}/{email} */
  async getMemberByEmail(email: string): Promise<MembersResult> {
    return membersResult(await this.get(`member/getMemberByEmail/${this.requireToken()}/${seg(email)}`));
  }

  /** member/getMemberByCellphone/{token}/{cellphone} */
  async getMemberByCellphone(cellphone: string): Promise<MembersResult> {
    return membersResult(await this.get(`member/getMemberByCellphone/${this.requireToken()}/${seg(cellphone)}`));
  }

  /** member/getMemberById/{token}/{memberId} */
  async getMemberById(memberId: number | string): Promise<MembersResult> {
    return membersResult(await this.get(`member/getMemberById/${this.requireToken()}/${seg(memberId)}`));
  }

  /**
   * getListMembersByPage/{token}/{page}: the library's current path and the vendor guide's (the
   * library up to 1.3.0 sent `member/getListMembersByPage/…`). Ten members a page.
   */
  async getMembersByPage(page: number): Promise<MembersPageResult> {
    return membersPageResult(await this.get(`getListMembersByPage/${this.requireToken()}/${seg(page)}`));
  }

  /** POST member/getMembers/{token}: synchroMember with `<memberUID>F1:V1|F2:V2</memberUID>`. */
  async getMembersByCriteria(xml: SynchroMemberInput): Promise<MembersResult> {
    return membersResult(await this.post(`member/getMembers/${this.requireToken()}`, synchroMemberBody(xml)));
  }

  /** member/descMemberTable/{token} */
  async getMemberTableColumnNames(): Promise<MemberTableResult> {
    return memberTableResult(await this.get(`member/descMemberTable/${this.requireToken()}`));
  }

  /** member/unjoinByEmail/{token}/{email} */
  async unsubscribeMemberByEmail(email: string): Promise<JobResult> {
    return jobResult(await this.get(`member/unjoinByEmail/${this.requireToken()}/${seg(email)}`));
  }

  /** member/unjoinByCellphone/{token}/{cellphone} */
  async unsubscribeMemberByCellphone(cellphone: string): Promise<JobResult> {
    return jobResult(await this.get(`member/unjoinByCellphone/${this.requireToken()}/${seg(cellphone)}`));
  }

  /** member/unjoinByMemberId/{token}/{memberId} */
  async unsubscribeMemberById(memberId: number | string): Promise<JobResult> {
    return jobResult(await this.get(`member/unjoinByMemberId/${this.requireToken()}/${seg(memberId)}`));
  }

  /** POST member/unjoinMember/{token}: synchroMember with `<memberUID>`. */
  async unsubscribeMemberByValue(xml: SynchroMemberInput): Promise<JobResult> {
    return jobResult(await this.post(`member/unjoinMember/${this.requireToken()}`, synchroMemberBody(xml)));
  }

  /** member/rejoinByEmail/{token}/{email} (the vendor allows 50 rejoins a day). */
  async resubscribeMemberByEmail(email: string): Promise<JobResult> {
    return jobResult(await this.get(`member/rejoinByEmail/${this.requireToken()}/${seg(email)}`));
  }

  /** member/rejoinByCellphone/{token}/{cellphone} */
  async resubscribeMemberByCellphone(cellphone: string): Promise<JobResult> {
    return jobResult(await this.get(`member/rejoinByCellphone/${this.requireToken()}/${seg(cellphone)}`));
  }

  /** member/rejoinByMemberId/{token}/{memberId} */
  async resubscribeMemberById(memberId: number | string): Promise<JobResult> {
    return jobResult(await this.get(`member/rejoinByMemberId/${this.requireToken()}/${seg(memberId)}`));
  }
}
