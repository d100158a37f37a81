import { Type, type Static } from '@sinclair/typebox';
import type { Office, OfficeInput } from '../../core/audience/offices/offices.js';
import { definedOnly, inputObject, ref } from './common.schemas.js';

const text = (description?: string) => Type.String(description ? { description } : {});

const officeFields = {
  name: text(),
  property: text(),
  street: text(),
  area: text(),
  town: text(),
  county: text(),
  postCode: text(),
  telephone: text(),
  fax: text(),
  email: text(),
  website: text(),
  postCodeAllocation: Type.Array(Type.String(), { description: 'Post code areas (`BN`), districts (`BN14`), sectors (`BN14 8`) or whole post codes allocated to this office.' }),
};

export const OfficeSchema = Type.Object({ id: Type.Integer(), ...officeFields }, { $id: 'Office' });
export type OfficeDto = Static<typeof OfficeSchema>;

export const OfficeCreate = inputObject(officeFields, ['name'], { title: 'OfficeCreate' });
export const OfficeUpdate = inputObject(officeFields, [], { title: 'OfficeUpdate' });
export type OfficeUpdateBody = Static<typeof OfficeUpdate>;

export const OfficeList = Type.Object({ items: Type.Array(ref(OfficeSchema)) }, { description: 'The offices' });

export function toOfficeDto(office: Office): OfficeDto {
  return {
    id: office.id,
    name: office.name,
    property: office.property,
    street: office.street,
    area: office.area,
    town: office.town,
    county: office.county,
    postCode: office.postCode,
    telephone: office.telephone,
    fax: office.fax,
    email: office.email,
    website: office.website,
    postCodeAllocation: office.postCodeAllocation,
  };
}

/** The API and core shapes coincide today; mapping field by field keeps them free to diverge. */
export function toOfficeInput(body: OfficeUpdateBody): OfficeInput {
  return definedOnly<OfficeInput>({
    name: body.name,
    property: body.property,
    street: body.street,
    area: body.area,
    town: body.town,
    county: body.county,
    postCode: body.postCode,
    telephone: body.telephone,
    fax: body.fax,
    email: body.email,
    website: body.website,
    postCodeAllocation: body.postCodeAllocation,
  });
}
