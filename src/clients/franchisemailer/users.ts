/** Users API: people who log in to the system (contacts have their own API). */
import type { Call } from './call.js';
import { member, members, parseUser } from './parse.js';
import { pathId, toParams } from './params.js';
import type { IdInput, NewUser, User, UserInput } from './types.js';

export class Users {
  constructor(private readonly call: Call) {}

  /** GET /users */
  async list(): Promise<User[]> {
    return members((await this.call('GET', '/users')).data, 'users').map(parseUser);
  }

  /** POST /users */
  async create(user: NewUser): Promise<User> {
    return parseUser(member((await this.call('POST', '/users', toParams(user))).data, 'user'));
  }

  /** GET /users/{user_id} */
  async get(userId: IdInput): Promise<User> {
    return parseUser(member((await this.call('GET', `/users/${pathId(userId)}`)).data, 'user'));
  }

  /** PUT /users/{user_id}: only the fields given change. */
  async update(userId: IdInput, changes: UserInput): Promise<User> {
    return parseUser(member((await this.call('PUT', `/users/${pathId(userId)}`, toParams(changes))).data, 'user'));
  }

  /** DELETE /users/{user_id} */
  async delete(userId: IdInput): Promise<void> {
    await this.call('DELETE', `/users/${pathId(userId)}`);
  }
}
