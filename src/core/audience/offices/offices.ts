import type { AccountScope } from '../../context.js';

export interface Office {
  id: number;
  name: string;
  property: string;
  street: string;
  area: string;
  town: string;
  county: string;
  postCode: string;
  telephone: string;
  fax: string;
  email: string;
  website: string;
  /** Post code areas (`BN`) or districts (`BN1`, `BN14`) allocated to this office, upper case. */
  postCodeAllocation: string[];
}

/** Fields of an office to create or change; absent fields are left as they are (update) or empty (create). */
export interface OfficeInput {
  name?: string;
  property?: string;
  street?: string;
  area?: string;
  town?: string;
  county?: string;
  postCode?: string;
  telephone?: string;
  fax?: string;
  email?: string;
  website?: string;
  postCodeAllocation?: string[];
}

const todo = (): never => {
  throw new Error('not implemented yet');
};

export async function listOffices(_scope: AccountScope): Promise<Office[]> { return todo(); }
/** @throws NotFoundError */
export async function getOffice(_scope: AccountScope, _id: number): Promise<Office> { return todo(); }
/** `name` is required. @throws ValidationError */
export async function createOffice(_scope: AccountScope, _input: OfficeInput): Promise<Office> { return todo(); }
export async function updateOffice(_scope: AccountScope, _id: number, _patch: OfficeInput): Promise<Office> { return todo(); }
/** Refuses (ConflictError) while contacts still belong to the office. */
export async function deleteOffice(_scope: AccountScope, _id: number): Promise<void> { return todo(); }
/** The office whose allocation matches the post code most specifically, or null. */
export async function findOfficeForPostCode(_scope: AccountScope, _postCode: string): Promise<number | null> { return todo(); }
