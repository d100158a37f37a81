import { Type, type Static } from '@sinclair/typebox';
import type { DkimDomain } from '../../core/senders/dkim-keys.js';
import { IsoTimestamp, inputObject, ref } from './common.schemas.js';

export const DkimDomainSchema = Type.Object(
  {
    id: Type.Integer(),
    domain: Type.String({ description: 'Mail from addresses of this domain is signed (d=)' }),
    selector: Type.String({ description: 'The key selector (s=)' }),
    dnsRecord: Type.Object(
      {
        name: Type.String({ description: '`<selector>._domainkey.<domain>`' }),
        type: Type.Literal('TXT'),
        value: Type.String({ description: '`v=DKIM1; k=rsa; p=<public key>`' }),
        zoneValue: Type.String({ description: 'The same value split into quoted strings of at most 255 characters, as zone files need it' }),
      },
      { description: 'The TXT record to publish so receivers can check the signatures' },
    ),
    createdAt: IsoTimestamp,
  },
  { $id: 'DkimDomain' },
);
export type DkimDomainDto = Static<typeof DkimDomainSchema>;

export const DkimDomainCreate = inputObject(
  {
    domain: Type.String({ maxLength: 253, description: 'The sending domain, e.g. `shop.example`' }),
    selector: Type.String({ maxLength: 63, default: 'herald', description: 'DNS label naming the key; default `herald`' }),
  },
  ['domain'],
  { title: 'DkimDomainCreate' },
);

export const DkimDomainList = Type.Object({ items: Type.Array(ref(DkimDomainSchema)) }, { description: 'The signing domains' });

export function toDkimDomainDto(domain: DkimDomain): DkimDomainDto {
  return { id: domain.id, domain: domain.domain, selector: domain.selector, dnsRecord: { ...domain.dnsRecord }, createdAt: domain.createdAt };
}
