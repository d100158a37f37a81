import { Type, type Static } from '@sinclair/typebox';
import { MAX_MONEY } from '../../core/bounds.js';
import type { Billing, BillingInput } from '../../core/billing/billing.js';
import { IsoTimestamp, inputObject, nullable } from './common.schemas.js';

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
    balance: Type.Number({ minimum: -MAX_MONEY, maximum: MAX_MONEY, description: 'Money available for mails beyond the package' }),
    package: nullable(PackageInput),
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
