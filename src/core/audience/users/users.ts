import type { AccountScope } from '../../context.js';

export interface User {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  telephone: string;
  jobTitle: string;
  active: boolean;
  /** Office ids the user may access and send from. */
  offices: number[];
  lastLogin: string | null;
  lastPasswordChange: string | null;
}

export interface UserInput {
  username?: string;
  /** Plain text; stored hashed. */
  password?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  telephone?: string;
  jobTitle?: string;
  active?: boolean;
  offices?: number[];
}

const todo = (): never => {
  throw new Error('not implemented yet');
};

export async function listUsers(_scope: AccountScope): Promise<User[]> { return todo(); }
export async function getUser(_scope: AccountScope, _id: number): Promise<User> { return todo(); }
/** Required: username (unique in the account), password, firstName, lastName, email, offices. active defaults to false. */
export async function createUser(_scope: AccountScope, _input: UserInput): Promise<User> { return todo(); }
export async function updateUser(_scope: AccountScope, _id: number, _patch: UserInput): Promise<User> { return todo(); }
export async function deleteUser(_scope: AccountScope, _id: number): Promise<void> { return todo(); }
