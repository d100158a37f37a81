import type { AccountScope, CoreContext } from '../../context.js';

export interface SsoStart {
  /** URL under CoreContext.publicUrl that starts the session; works once, expires 20 s after issue. */
  sessionUrl: string;
  expiresAt: string;
}

const todo = (): never => {
  throw new Error('not implemented yet');
};

/** @throws NotFoundError for an unknown user, ValidationError for an inactive one. */
export async function startSso(_ctx: CoreContext, _scope: AccountScope, _userId: number): Promise<SsoStart> { return todo(); }
/** Ends every open session of the user; returns how many were open. @throws NotFoundError */
export async function endUserSessions(_scope: AccountScope, _userId: number): Promise<number> { return todo(); }
