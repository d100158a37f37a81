import { Type, type Static } from '@sinclair/typebox';
import type { User, UserInput } from '../../core/audience/users/users.js';
import { Id, IsoTimestamp, definedOnly, inputObject, nullable, ref } from './common.schemas.js';

/** What the API shows of a user. There is deliberately no password field: it is write-only. */
export const UserSchema = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    firstName: Type.String(),
    lastName: Type.String(),
    email: Type.String(),
    telephone: Type.String(),
    jobTitle: Type.String(),
    active: Type.Boolean(),
    offices: Type.Array(Type.Integer(), { description: 'Office ids the user may access and send from.' }),
    lastLogin: nullable(IsoTimestamp),
    lastPasswordChange: nullable(IsoTimestamp),
  },
  { $id: 'User' },
);
export type UserDto = Static<typeof UserSchema>;

const userFields = {
  username: Type.String({ description: 'Unique in the account.' }),
  password: Type.String({ description: 'Plain text; stored hashed and never returned.', writeOnly: true }),
  firstName: Type.String(),
  lastName: Type.String(),
  email: Type.String(),
  telephone: Type.String(),
  jobTitle: Type.String(),
  active: Type.Boolean({ description: 'Defaults to false on create.' }),
  offices: Type.Array(Id, { description: 'Office ids the user may access and send from.' }),
};

export const UserCreate = inputObject(userFields, ['username', 'password', 'firstName', 'lastName', 'email', 'offices'], { title: 'UserCreate' });
export const UserUpdate = inputObject(userFields, [], { title: 'UserUpdate' });
export type UserUpdateBody = Static<typeof UserUpdate>;

export const UserList = Type.Object({ items: Type.Array(ref(UserSchema)) }, { description: 'The users' });

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    username: user.username,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    telephone: user.telephone,
    jobTitle: user.jobTitle,
    active: user.active,
    offices: user.offices,
    lastLogin: user.lastLogin,
    lastPasswordChange: user.lastPasswordChange,
  };
}

export function toUserInput(body: UserUpdateBody): UserInput {
  return definedOnly<UserInput>({
    username: body.username,
    password: body.password,
    firstName: body.firstName,
    lastName: body.lastName,
    email: body.email,
    telephone: body.telephone,
    jobTitle: body.jobTitle,
    active: body.active,
    offices: body.offices,
  });
}
