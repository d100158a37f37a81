import { text } from 'node:stream/consumers';
import type { Readable } from 'node:stream';
import type { AccountScope } from '../../../src/core/context.js';
import { createImport, openImportBadFile, openImportLog, waitForImport } from '../../../src/core/imports/jobs.js';
import { startImportRunner, type ImportRunner } from '../../../src/core/imports/runner.js';
import type { ImportJob, ImportOptions } from '../../../src/core/imports/types.js';
import { twoAccounts, type TwoAccounts } from '../fixture.js';
import type { DatabaseKind } from '../../support/databases.js';

export interface ImportFixture extends TwoAccounts {
  runner: ImportRunner;
}

export async function importFixture(kind: DatabaseKind): Promise<ImportFixture> {
  const t = await twoAccounts(kind);
  const runner = startImportRunner(t.ctx, { pollMs: 50 });
  return {
    ...t,
    runner,
    async dispose() {
      await runner.stop();
      await t.dispose();
    },
  };
}

export const BASE_OPTIONS: ImportOptions = {
  mode: 'upsert',
  header: true,
  dedupKey: 'email',
  skipUnsubscribedAndHardBounced: false,
  groupIds: [],
  officeId: null,
};

/** Uploads `content` and waits for the job to end. */
export async function runImport(t: TwoAccounts, scope: AccountScope, content: string | Buffer, options: Partial<ImportOptions> = {}): Promise<ImportJob> {
  const job = await createImport(t.ctx, scope, {
    source: 'test',
    fileName: 'contacts.csv',
    content: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
    options: { ...BASE_OPTIONS, ...options },
  });
  return waitForImport(scope, job.id, 60_000);
}

export async function logOf(t: TwoAccounts, scope: AccountScope, id: number): Promise<string> {
  return text((await openImportLog(t.ctx, scope, id)) as Readable);
}

export async function badFileOf(t: TwoAccounts, scope: AccountScope, id: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openImportBadFile(t.ctx, scope, id)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The log's per-row lines (the summary excluded). */
export function rowLines(log: string): string[] {
  return log.split('\n').filter((l) => l.startsWith('row '));
}

let accounts = 0;
/** A new account in the fixture's database (GB phones), so each test starts from an empty audience. */
export async function freshAccount(t: TwoAccounts): Promise<AccountScope> {
  const { createAccount } = await import('../../../src/core/accounts/accounts.js');
  const created = await createAccount(t.ctx, { name: `Import ${++accounts}`, defaultCountry: 'GB' });
  return { db: t.ctx.db, accountId: created.id };
}

export interface StoredContact {
  id: number;
  officeId: number;
  email: string | null;
  firstName: string;
  lastName: string;
  mobile: string;
  town: string;
}

export async function contactsOf(scope: AccountScope): Promise<StoredContact[]> {
  return scope.db
    .selectFrom('contacts')
    .select(['id', 'officeId', 'email', 'firstName', 'lastName', 'mobile', 'town'])
    .where('accountId', '=', scope.accountId)
    .orderBy('id')
    .execute();
}
