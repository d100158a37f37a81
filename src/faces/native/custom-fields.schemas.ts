import { Type, type Static } from '@sinclair/typebox';
import type { CustomField, CustomFieldInput } from '../../core/audience/custom-fields/custom-fields.js';
import { definedOnly, inputObject, ref } from './common.schemas.js';

export const CustomFieldSchema = Type.Object(
  {
    id: Type.Integer({ description: 'The key of this field in a contact’s `customFields` object.' }),
    name: Type.String(),
    description: Type.String(),
  },
  { $id: 'CustomField' },
);
export type CustomFieldDto = Static<typeof CustomFieldSchema>;

const customFieldFields = {
  name: Type.String({ description: 'At most 20 characters, unique in the account.' }),
  description: Type.String(),
};

export const CustomFieldCreate = inputObject(customFieldFields, ['name', 'description'], { title: 'CustomFieldCreate' });
export const CustomFieldUpdate = inputObject(customFieldFields, [], { title: 'CustomFieldUpdate' });
export type CustomFieldUpdateBody = Static<typeof CustomFieldUpdate>;

export const CustomFieldList = Type.Object({ items: Type.Array(ref(CustomFieldSchema)) }, { description: 'The custom fields' });

export function toCustomFieldDto(field: CustomField): CustomFieldDto {
  return { id: field.id, name: field.name, description: field.description };
}

export function toCustomFieldInput(body: CustomFieldUpdateBody): CustomFieldInput {
  return definedOnly<CustomFieldInput>({ name: body.name, description: body.description });
}
