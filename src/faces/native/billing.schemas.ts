import { Type, type Static } from '@sinclair/typebox';
import { MAX_MONEY } from '../../core/bounds.js';
import type { Billing, BillingInput } from '../../core/billing/billing.js';
import { LEDGER_ACTORS, LEDGER_KINDS, MAX_LEDGER_PAGE } from '../../core/billing/ledger.js';
import { IsoTimestamp, inputObject, nullable } from './common.schemas.js';

/* Billing shapes, shared by the account's read-only routes (billing.ts) and the operator's (operator/billing.ts). */

const Reason = Type.String({ maxLength: 500, description: 'Why; kept in the ledger' });

const packageFields = {
  name: Type.String({ minLength: 1, maxLength: 100, description: 'Package name, e.g. "Mail 10k"' }),
  mailsTotal: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Prepaid mails the package holds' }),
  mailsLeft: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Prepaid mails not used yet (default: mailsTotal)' }),
  periodDays: Type.Integer({ minimum: 0, maximum: 36600, description: 'Length of the package period in days' }),
  endsAt: nullable(Type.String({ format: 'date-time', description: 'When the package stops covering mails; null: never' })),
  price: Type.Number({ minimum: 0, maximum: MAX_MONEY, description: 'Price of the package' }),
  pricePerExtraMail: Type.Number({ minimum: 0, maximum: MAX_MONEY, description: 'Charged to the balance for each mail beyond the package' }),
};

const PackageInput = inputObject(packageFields, ['name', 'mailsTotal', 'periodDays', 'price', 'pricePerExtraMail'], { title: 'BillingPackageInput' });

export const BillingUpdate = inputObject(
  {
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code' }),
    balance: Type.Number({ minimum: 0, maximum: MAX_MONEY, description: 'Money available for mails beyond the package' }),
    package: nullable(PackageInput),
    reason: Reason,
  },
  ['currency', 'balance'],
  { title: 'BillingUpdate', description: 'Replaces the billing of the account; no package (or null) bills every mail to the balance' },
);
export type BillingUpdateBody = Static<typeof BillingUpdate>;

const PackageSchema = Type.Object({
  name: Type.String(),
  mailsTotal: Type.Integer(),
  mailsLeft: Type.Integer(),
  periodDays: Type.Integer(),
  endsAt: nullable(IsoTimestamp),
  price: Type.Number(),
  pricePerExtraMail: Type.Number(),
});

export const BillingSchema = Type.Object(
  {
    metered: Type.Boolean({ description: 'false: billing was never set, every send is allowed and nothing is charged' }),
    currency: nullable(Type.String()),
    balance: Type.Number(),
    package: nullable(PackageSchema),
  },
  { $id: 'Billing', description: 'Balance and prepaid package; each accepted mail uses a package mail while the package runs, else the extra-mail price from the balance' },
);
export type BillingDto = Static<typeof BillingSchema>;

export const TopUpBody = inputObject(
  {
    amount: Type.Number({ exclusiveMinimum: 0, maximum: MAX_MONEY, description: 'Credited to the balance, in the account currency' }),
    reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why (a payment reference); kept in the ledger' }),
  },
  ['amount', 'reason'],
  { title: 'BillingTopUp' },
);

export const ClearQuery = Type.Object({ reason: Type.Optional(Reason) }, { additionalProperties: false });

export const LedgerEntrySchema = Type.Object(
  {
    id: Type.Integer(),
    at: IsoTimestamp,
    actor: Type.Union(LEDGER_ACTORS.map((a) => Type.Literal(a)), { description: 'operator: the operator API; cli: `herald billing`; system: charges and refunds' }),
    kind: Type.Union(LEDGER_KINDS.map((k) => Type.Literal(k)), { description: 'set, clear and top_up by hand; mail_charge, sms_charge and sms_refund by sending' }),
    amount: Type.Number({ description: 'Change of the balance: positive credits, negative charges' }),
    balanceAfter: Type.Number({ description: 'The balance after this change' }),
    packageMails: Type.Integer({ description: 'Prepaid package mails granted (positive) or used (negative)' }),
    reason: Type.String(),
  },
  { description: 'One change of the money of the account' },
);

export const LedgerPage = Type.Object({ items: Type.Array(LedgerEntrySchema), total: Type.Integer() }, { description: 'Ledger entries, newest first' });

export const LedgerQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LEDGER_PAGE, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 })),
  },
  { additionalProperties: false },
);

export function toBillingDto(billing: Billing | null): BillingDto {
  if (billing === null) return { metered: false, currency: null, balance: 0, package: null };
  return { metered: true, currency: billing.currency, balance: billing.balance, package: billing.package };
}

export function toBillingInput(body: BillingUpdateBody): BillingInput {
  const p = body.package ?? null;
  return {
    currency: body.currency,
    balance: body.balance,
    package:
      p === null
        ? null
        : {
            name: p.name,
            mailsTotal: p.mailsTotal,
            ...(p.mailsLeft !== undefined ? { mailsLeft: p.mailsLeft } : {}),
            periodDays: p.periodDays,
            // The core compares end times as stored strings: store the one canonical UTC form.
            endsAt: p.endsAt === undefined || p.endsAt === null ? null : new Date(p.endsAt).toISOString(),
            price: p.price,
            pricePerExtraMail: p.pricePerExtraMail,
          },
  };
}
