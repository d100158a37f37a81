import type { AccountScope } from '../../context.js';

export interface CustomField {
  id: number;
  name: string;
  description: string;
}

export interface CustomFieldInput {
  name?: string;
  description?: string;
}

const todo = (): never => {
  throw new Error('not implemented yet');
};

export async function listCustomFields(_scope: AccountScope): Promise<CustomField[]> { return todo(); }
export async function getCustomField(_scope: AccountScope, _id: number): Promise<CustomField> { return todo(); }
/** name (≤ 20 chars, unique in the account) and description are required. */
export async function createCustomField(_scope: AccountScope, _input: CustomFieldInput): Promise<CustomField> { return todo(); }
export async function updateCustomField(_scope: AccountScope, _id: number, _patch: CustomFieldInput): Promise<CustomField> { return todo(); }
/** Deletes the field and every contact's value for it. */
export async function deleteCustomField(_scope: AccountScope, _id: number): Promise<void> { return todo(); }
