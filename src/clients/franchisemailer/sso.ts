/** Single Sign-On API: one-time session URLs for users, and ending their sessions. */
import type { Call } from './call.js';
import { member, parseSso } from './parse.js';
import { pathId } from './params.js';
import type { IdInput, SsoSession } from './types.js';

export class SingleSignOn {
  constructor(private readonly call: Call) {}

  /** GET /sso/{user_id}: a URL that starts a session as the user (works once, within 20 seconds). */
  async start(userId: IdInput): Promise<SsoSession> {
    return parseSso(member((await this.call('GET', `/sso/${pathId(userId)}`)).data, 'sso'));
  }

  /** DELETE /sso/{user_id}: ends the user's sessions. */
  async end(userId: IdInput): Promise<void> {
    await this.call('DELETE', `/sso/${pathId(userId)}`);
  }
}
