/** Custom Fields API: account-wide contact fields, referenced by id in a contact's custom_fields. */
import type { Call } from './call.js';
import { member, members, parseCustomField } from './parse.js';
import { pathId, toParams } from './params.js';
import type { CustomField, CustomFieldInput, IdInput, NewCustomField } from './types.js';

export class CustomFields {
  constructor(private readonly call: Call) {}

  /** GET /customfields */
  async list(): Promise<CustomField[]> {
    return members((await this.call('GET', '/customfields')).data, 'custom_fields').map(parseCustomField);
  }

  /** POST /customfields */
  async create(field: NewCustomField): Promise<CustomField> {
    return parseCustomField(member((await this.call('POST', '/customfields', toParams(field))).data, 'custom_field'));
  }

  /** GET /customfields/{field_id} */
  async get(fieldId: IdInput): Promise<CustomField> {
    return parseCustomField(member((await this.call('GET', `/customfields/${pathId(fieldId)}`)).data, 'custom_field'));
  }

  /** PUT /customfields/{field_id} */
  async update(fieldId: IdInput, changes: CustomFieldInput): Promise<CustomField> {
    return parseCustomField(member((await this.call('PUT', `/customfields/${pathId(fieldId)}`, toParams(changes))).data, 'custom_field'));
  }

  /** DELETE /customfields/{field_id} */
  async delete(fieldId: IdInput): Promise<void> {
    await this.call('DELETE', `/customfields/${pathId(fieldId)}`);
  }
}
