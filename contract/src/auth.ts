// Staff sign-in: roles, the signed-in user, and what a browser must send with every state-changing request.
import { Type, type Static } from 'typebox';
import { CenterSummary } from './api.ts';
import { Id } from './model.ts';

/** officer: one counter at a time; manager: one center; admin: every center of a province. */
export const Role = Type.Union([Type.Literal('officer'), Type.Literal('manager'), Type.Literal('admin')]);
export type Role = Static<typeof Role>;

export const StaffUser = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  role: Role,
  provinceId: Id,
  /** null for a province administrator. */
  centerId: Type.Union([Id, Type.Null()]),
});
export type StaffUser = Static<typeof StaffUser>;

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

/** The signed-in user and the centers they may open in the console. */
export const Me = Type.Object({
  user: StaffUser,
  centers: Type.Array(CenterSummary),
  /** A password set by an administrator or manager: the user must choose their own before anything else. */
  mustChangePassword: Type.Optional(Type.Boolean()),
});
export type Me = Static<typeof Me>;

export const SESSION_COOKIE = 'luot_session';
/**
 * Sent by the console with every POST/PUT/DELETE. A page of another site cannot add a custom header
 * without a CORS preflight, which this server never grants: together with SameSite=Strict, no CSRF.
 */
export const CSRF_HEADER = 'x-luot-csrf';
