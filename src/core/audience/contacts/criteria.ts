import type { ExpressionBuilder, SqlBool, Expression } from 'kysely';
import type { AccountScope } from '../../context.js';
import type { Database } from '../../../store/schema.js';
import { emailKey } from '../email-address.js';
import type { Contact } from './contacts.js';
import { normaliseDate } from './dates.js';
import { hydrateContacts } from './hydrate.js';
import { normalisePhone, type BareDigits } from './phone.js';

/**
 * Finding contacts by field equality, for callers that identify contacts by arbitrary fields
 * (SmartFocus `memberUID` criteria `EMAIL:x|LASTNAME:y`). Each field compares the way the core
 * stores it: email by its lower-cased key, phones in E.164, dates as calendar dates, text exactly.
 */
export type CriterionTextField =
  | 'title' | 'firstName' | 'lastName' | 'company' | 'town' | 'postCode' | 'country' | 'source';

export type ContactCriterion =
  | { field: 'id'; value: string }
  | { field: 'email'; value: string }
  | { field: 'mobile'; value: string; phoneDigits?: BareDigits }
  | { field: 'dateOfBirth'; value: string }
  | { field: CriterionTextField; value: string }
  | { field: 'custom'; customFieldId: number; value: string };

type Eb = ExpressionBuilder<Database, 'contacts'>;

/** A value that can never match: invalid input matches no contact rather than failing the call. */
const NEVER = (eb: Eb): Expression<SqlBool> => eb('contacts.id', '=', -1);

function condition(eb: Eb, c: ContactCriterion, defaultCountry: string | null): Expression<SqlBool> {
  switch (c.field) {
    case 'id': {
      const id = /^\d{1,15}$/.test(c.value) ? Number(c.value) : NaN;
      return Number.isSafeInteger(id) ? eb('contacts.id', '=', id) : NEVER(eb);
    }
    case 'email':
      return c.value.trim() === '' ? eb('contacts.emailKey', 'is', null) : eb('contacts.emailKey', '=', emailKey(c.value));
    case 'mobile': {
      const e164 = normalisePhone(c.value, defaultCountry, c.phoneDigits);
      return e164 === null ? NEVER(eb) : eb('contacts.mobile', '=', e164);
    }
    case 'dateOfBirth': {
      const date = normaliseDate(c.value);
      return date === null ? NEVER(eb) : eb('contacts.dateOfBirth', '=', date);
    }
    case 'custom':
      return eb.exists(
        eb
          .selectFrom('contactCustomValues as v')
          .select('v.contactId')
          .whereRef('v.contactId', '=', 'contacts.id')
          .whereRef('v.accountId', '=', 'contacts.accountId')
          .where('v.fieldId', '=', c.customFieldId)
          .where('v.value', '=', c.value),
      );
    default:
      return eb(`contacts.${c.field}`, '=', c.value);
  }
}

/**
 * Contacts of the account matching every criterion (AND), in id order, at most `limit`.
 * An empty criteria list matches nothing: "no criteria" must never mean "everyone".
 */
export async function findContactsMatching(scope: AccountScope, criteria: readonly ContactCriterion[], limit: number): Promise<Contact[]> {
  if (criteria.length === 0) return [];
  const needsCountry = criteria.some((c) => c.field === 'mobile');
  const account = needsCountry
    ? await scope.db.selectFrom('accounts').select('defaultCountry').where('id', '=', scope.accountId).executeTakeFirst()
    : undefined;
  const country = account?.defaultCountry ?? null;
  const rows = await scope.db
    .selectFrom('contacts')
    .selectAll()
    .where('contacts.accountId', '=', scope.accountId)
    .where((eb) => eb.and(criteria.map((c) => condition(eb, c, country))))
    .orderBy('contacts.id')
    .limit(limit)
    .execute();
  return hydrateContacts(scope.db, scope.accountId, rows);
}
