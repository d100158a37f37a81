import { Type, type Static } from '@sinclair/typebox';
import type { ContactGroup, CreateGroupsInput } from '../../core/audience/groups/groups.js';
import { Id, inputObject, ref } from './common.schemas.js';

export const ContactGroupSchema = Type.Object(
  {
    id: Type.Integer(),
    commonId: Type.Integer({ description: 'Shared by same-named groups across offices.' }),
    name: Type.String(),
    officeId: Type.Integer(),
    counts: Type.Object({
      total: Type.Integer(),
      permitted: Type.Integer(),
      dormant: Type.Integer(),
      excluded: Type.Integer(),
      invalid: Type.Integer({ description: 'Contacts whose email address hard-bounced.' }),
    }),
  },
  { $id: 'ContactGroup' },
);
export type ContactGroupDto = Static<typeof ContactGroupSchema>;

const groupName = Type.String({ description: 'At most 40 characters.' });

export const ContactGroupCreate = inputObject(
  {
    name: groupName,
    offices: Type.Union([Type.Array(Id), Type.Literal('all')], { description: 'Office ids, or "all" for every office of the account.' }),
  },
  ['name', 'offices'],
  { title: 'ContactGroupCreate' },
);
export type ContactGroupCreateBody = Static<typeof ContactGroupCreate>;
export const ContactGroupUpdate = inputObject({ name: groupName }, [], { title: 'ContactGroupUpdate' });
export type ContactGroupUpdateBody = Static<typeof ContactGroupUpdate>;

export const ContactGroupListQuery = Type.Object({ officeId: Type.Optional(Id) }, { additionalProperties: false });

export const ContactGroupList = Type.Object({ items: Type.Array(ref(ContactGroupSchema)) }, { description: 'The groups' });

export function toContactGroupDto(group: ContactGroup): ContactGroupDto {
  const { counts } = group;
  return {
    id: group.id,
    commonId: group.commonId,
    name: group.name,
    officeId: group.officeId,
    counts: { total: counts.total, permitted: counts.permitted, dormant: counts.dormant, excluded: counts.excluded, invalid: counts.invalid },
  };
}

export function toCreateGroupsInput(body: ContactGroupCreateBody): CreateGroupsInput {
  return { name: body.name, offices: body.offices };
}

export function toGroupPatch(body: ContactGroupUpdateBody): { name?: string } {
  return body.name === undefined ? {} : { name: body.name };
}
