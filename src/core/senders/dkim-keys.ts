import type { AccountScope, CoreContext } from '../context.js';
import { nowIso } from '../clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { isUniqueViolation } from '../../store/constraint-errors.js';
import { dkimDnsRecord, generateDkimKey } from './dkim-key-pair.js';
import { signalDkimKeysChanged } from './dkim-changes.js';

export interface DkimDomain {
  id: number;
  domain: string;
  selector: string;
  /** The TXT record to publish for receivers to verify the signatures. */
  dnsRecord: { name: string; type: 'TXT'; value: string; zoneValue: string };
  createdAt: string;
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const SELECTOR = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function toDomain(row: { id: number; domain: string; selector: string; publicKey: string; createdAt: string }): DkimDomain {
  const record = dkimDnsRecord({ domain: row.domain, selector: row.selector, publicKeyPem: row.publicKey });
  return { id: row.id, domain: row.domain, selector: row.selector, dnsRecord: { name: record.name, type: 'TXT', value: record.value, zoneValue: record.zoneValue }, createdAt: row.createdAt };
}

/** Generates a key pair for a sending domain; the private key is stored encrypted. */
export async function createDkimKey(ctx: CoreContext, scope: AccountScope, domain: string, selector = 'herald'): Promise<DkimDomain> {
  const name = domain.trim().toLowerCase();
  if (!DOMAIN.test(name)) throw ValidationError.single('domain', 'invalid', 'domain must be a domain name such as example.com');
  if (!SELECTOR.test(selector)) throw ValidationError.single('selector', 'invalid', 'selector must be a DNS label');
  const keys = generateDkimKey();
  try {
    const row = await scope.db
      .insertInto('dkimKeys')
      .values({ accountId: scope.accountId, domain: name, selector, privateKeyEnc: ctx.secrets.seal(keys.privateKeyPem), publicKey: keys.publicKeyPem, createdAt: nowIso() })
      .returningAll()
      .executeTakeFirstOrThrow();
    await signalDkimKeysChanged();
    return toDomain(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`A DKIM key for ${name} already exists`, 'domain');
    throw err;
  }
}

export async function listDkimKeys(scope: AccountScope): Promise<DkimDomain[]> {
  const rows = await scope.db.selectFrom('dkimKeys').selectAll().where('accountId', '=', scope.accountId).orderBy('id').execute();
  return rows.map(toDomain);
}

export async function deleteDkimKey(scope: AccountScope, id: number): Promise<void> {
  const result = await scope.db.deleteFrom('dkimKeys').where('accountId', '=', scope.accountId).where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError('DKIM key', id);
  await signalDkimKeysChanged();
}

export interface DkimSigningKey {
  accountId: number;
  domain: string;
  selector: string;
  privateKey: string;
}

/** Every account's signing keys, decrypted, for the email channel's cache. */
export async function loadDkimSigningKeys(ctx: CoreContext): Promise<DkimSigningKey[]> {
  const rows = await ctx.db.selectFrom('dkimKeys').select(['accountId', 'domain', 'selector', 'privateKeyEnc']).execute();
  return rows.map((r) => ({ accountId: r.accountId, domain: r.domain, selector: r.selector, privateKey: ctx.secrets.open(r.privateKeyEnc) }));
}
