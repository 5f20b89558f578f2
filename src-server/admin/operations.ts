/**
 * What an office admin does, whether from the CLI or the console: engineers and their
 * hospitals, one-time enrollment codes, device revocation, console users and their roles.
 * Every one is audited. A refusal is an AdminError: its message (English) is what the CLI
 * prints; its problem names the form field and the reason, which the console says in the
 * user's language.
 */
import { Slug } from '../../src-shared/catalog/schema';
import { LIMITS } from '../../src-shared/domain/limits';
import { hasUnsafeNameCharacters } from '../../src-shared/sync/protocol';
import { hashEnrollmentCode, newEnrollmentCode } from '../auth/tokens';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords';
import type { OfficeContext } from '../context';
import { AlreadyExists, type ConsoleRole, type Engineer, type GuardedWrite } from '../storage/port';

/** Why an admin operation was refused; the console's i18n has `people.problem.<code>` for each. */
export type AdminProblemCode =
  | 'engineerId'
  | 'engineerExists'
  | 'noEngineer'
  | 'engineerDeactivated'
  | 'name'
  | 'nameLength'
  | 'nameCharacters'
  | 'unknownHospitals'
  | 'days'
  | 'username'
  | 'userExists'
  | 'noUser'
  | 'password'
  | 'role'
  | 'readerHospitals'
  | 'lastAdmin';

export interface AdminProblem {
  /** The form field at fault. */
  field: string;
  code: AdminProblemCode;
  params?: Record<string, string | number>;
}

export class AdminError extends Error {
  constructor(
    message: string,
    readonly problem?: AdminProblem,
  ) {
    super(message);
  }
}

async function checkHospitals(ctx: OfficeContext, hospitalIds: string[]): Promise<void> {
  const known = new Set((await ctx.store.listReference('hospital')).map((h) => h.key));
  const unknown = hospitalIds.filter((h) => !known.has(h));
  if (unknown.length)
    throw new AdminError(`unknown hospital(s): ${unknown.join(', ')}; known: ${[...known].join(', ')}`, {
      field: 'hospitals',
      code: 'unknownHospitals',
      params: { ids: unknown.join(', ') },
    });
}

/** Another instance created the same id between the check above and the insert: the same refusal. */
const takenBy =
  (refusal: () => AdminError) =>
  (error: unknown): never => {
    throw error instanceof AlreadyExists ? refusal() : error;
  };

function checkEngineerName(name: string): void {
  if (!name.trim()) throw new AdminError('an engineer needs a name', { field: 'name', code: 'name' });
  // The name is printed on every report the engineer signs, where it may be at most this long.
  const length = name.trim().length;
  if (length > LIMITS.personName)
    throw new AdminError(`an engineer's name is at most ${LIMITS.personName} characters (not ${length})`, {
      field: 'name',
      code: 'nameLength',
      params: { max: LIMITS.personName, length },
    });
  // Printed on reports and shown in the console and audit: nothing that breaks a line or turns text around.
  if (hasUnsafeNameCharacters(name))
    throw new AdminError(
      "an engineer's name cannot hold control characters (such as a line break or tab), line or paragraph separators or text-direction marks and overrides",
      { field: 'name', code: 'nameCharacters' },
    );
}

export async function createEngineer(
  ctx: OfficeContext,
  input: { id: string; name: string; hospitalIds: string[] },
  actor: string,
): Promise<Engineer> {
  if (!Slug.safeParse(input.id).success)
    throw new AdminError(`engineer id "${input.id}" must be a lower-case slug such as "zhang-wei"`, { field: 'id', code: 'engineerId' });
  checkEngineerName(input.name);
  const exists = () => new AdminError(`engineer "${input.id}" already exists`, { field: 'id', code: 'engineerExists', params: { id: input.id } });
  if (await ctx.store.getEngineer(input.id)) throw exists();
  await checkHospitals(ctx, input.hospitalIds);
  return ctx.store
    .createEngineer({ id: input.id, name: input.name.trim(), hospitalIds: input.hospitalIds }, {
      actor,
      action: 'engineer.create',
      outcome: 'ok',
      target: input.id,
      details: { name: input.name.trim(), hospitalIds: input.hospitalIds },
    })
    .catch(takenBy(exists));
}

const noEngineer = (engineerId: string) => new AdminError(`no engineer "${engineerId}"`, { field: 'id', code: 'noEngineer', params: { id: engineerId } });

export async function assignHospitals(ctx: OfficeContext, engineerId: string, hospitalIds: string[], actor: string): Promise<void> {
  if (!(await ctx.store.getEngineer(engineerId))) throw noEngineer(engineerId);
  await checkHospitals(ctx, hospitalIds);
  await ctx.store.setEngineerHospitals(engineerId, hospitalIds, {
    actor,
    action: 'engineer.hospitals',
    outcome: 'ok',
    target: engineerId,
    details: { hospitalIds },
  });
}

/**
 * A console edit of an engineer: name, hospitals, deactivated or not — written only if the engineer
 * is still at `expectedVersion` (the version the form was filled from); 'conflict' writes nothing.
 * A deactivated engineer's devices are refused at sync and their unused codes cannot enroll.
 */
export async function editEngineer(
  ctx: OfficeContext,
  engineerId: string,
  edit: { name: string; hospitalIds: string[]; deactivated: boolean },
  expectedVersion: number,
  actor: string,
): Promise<GuardedWrite> {
  const engineer = await ctx.store.getEngineer(engineerId);
  if (!engineer) throw noEngineer(engineerId);
  checkEngineerName(edit.name);
  const hospitalIds = [...new Set(edit.hospitalIds)].sort();
  await checkHospitals(ctx, hospitalIds);
  const wasDeactivated = Boolean(engineer.deactivatedAt);
  const action = edit.deactivated === wasDeactivated ? 'engineer.update' : edit.deactivated ? 'engineer.deactivate' : 'engineer.reactivate';
  return ctx.store.updateEngineer(engineerId, { name: edit.name.trim(), hospitalIds, deactivated: edit.deactivated }, expectedVersion, {
    actor,
    action,
    outcome: 'ok',
    target: engineerId,
    details: { name: edit.name.trim(), hospitalIds, deactivated: edit.deactivated, expectedVersion },
  });
}

/** A code's short id, as OutstandingCode.id: the first 8 hex digits of its hash. */
const codeIdOf = (codeHash: string): string => codeHash.slice(0, 8);

/** A fresh one-time code; only its hash is stored, so it is shown once, here. */
export async function createEnrollmentCode(
  ctx: OfficeContext,
  engineerId: string,
  validDays: number,
  actor: string,
): Promise<{ code: string; expiresAt: string; codeId: string }> {
  const engineer = await ctx.store.getEngineer(engineerId);
  if (!engineer) throw noEngineer(engineerId);
  // The office would refuse it at enrollment anyway (a deactivated engineer's codes do not work).
  if (engineer.deactivatedAt)
    throw new AdminError(`engineer "${engineerId}" is deactivated; reactivate them before issuing a code`, { field: 'days', code: 'engineerDeactivated' });
  // Whole days: `--days 0.00001` would make a code that expires before it reaches the engineer.
  if (!(Number.isInteger(validDays) && validDays >= 1 && validDays <= 90))
    throw new AdminError(`a code is valid for a whole number of days, 1 to 90 (not ${validDays})`, { field: 'days', code: 'days' });
  const code = newEnrollmentCode();
  const expiresAt = new Date(ctx.now().getTime() + validDays * 24 * 60 * 60 * 1000).toISOString();
  const codeHash = hashEnrollmentCode(code);
  await ctx.store.createEnrollmentCode(
    { codeHash, engineerId, expiresAt },
    // The short id names the code on the engineer's page (and in a revocation) without giving it away.
    { actor, action: 'enrollment.code', outcome: 'ok', target: engineerId, details: { expiresAt, codeId: codeIdOf(codeHash) } },
  );
  return { code, expiresAt, codeId: codeIdOf(codeHash) };
}

/** Expires an unused code of the engineer now (it was handed out by mistake, or lost); false if there is none by that id. */
export async function revokeEnrollmentCode(ctx: OfficeContext, engineerId: string, codeId: string, actor: string): Promise<boolean> {
  if (!/^[0-9a-f]{8}$/.test(codeId)) return false;
  return ctx.store.expireEnrollmentCode(engineerId, codeId, ctx.now().toISOString(), {
    actor,
    action: 'enrollment.revoke',
    outcome: 'ok',
    target: engineerId,
    details: { codeId },
  });
}

export async function revokeDevice(ctx: OfficeContext, deviceId: string, actor: string): Promise<boolean> {
  const device = await ctx.store.getDevice(deviceId);
  if (!device) throw new AdminError(`no device "${deviceId}"`);
  return ctx.store.revokeDevice(deviceId, ctx.now().toISOString(), {
    actor,
    action: 'device.revoke',
    outcome: 'ok',
    target: deviceId,
    details: { engineerId: device.engineerId, certificateSerial: device.certificateSerial },
  });
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new AdminError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'password', code: 'password', params: { min: MIN_PASSWORD_LENGTH } });
}

export const CONSOLE_ROLES: readonly ConsoleRole[] = ['admin', 'reader'];

/** A reader reads the hospitals listed and nothing else, so it needs at least one; an administrator has none. */
async function checkRole(ctx: OfficeContext, role: string, hospitalIds: string[]): Promise<{ role: ConsoleRole; hospitalIds: string[] }> {
  if (!CONSOLE_ROLES.includes(role as ConsoleRole)) throw new AdminError(`a role is "admin" or "reader" (not "${role}")`, { field: 'role', code: 'role' });
  if (role === 'admin') return { role: 'admin', hospitalIds: [] };
  const ids = [...new Set(hospitalIds)].sort();
  if (!ids.length) throw new AdminError('a reader needs at least one hospital (--hospitals a,b)', { field: 'hospitals', code: 'readerHospitals' });
  await checkHospitals(ctx, ids);
  return { role: 'reader', hospitalIds: ids };
}

/** A console user: an administrator (the default, as before issue 14) or a reader of some hospitals. */
export async function createConsoleUser(
  ctx: OfficeContext,
  input: { username: string; password: string; role?: string; hospitalIds?: string[] },
  actor: string,
): Promise<void> {
  const { username, password } = input;
  if (!/^[a-z][a-z0-9_.-]{1,31}$/.test(username))
    throw new AdminError('a user name is 2-32 lower-case letters, digits, ".", "_" or "-"', { field: 'username', code: 'username' });
  const access = await checkRole(ctx, input.role ?? 'admin', input.hospitalIds ?? []);
  checkPassword(password);
  const exists = () => new AdminError(`user "${username}" already exists`, { field: 'username', code: 'userExists', params: { username } });
  if (await ctx.store.getAdmin(username)) throw exists();
  await ctx.store
    .createAdmin(
      { username, passwordHash: await hashPassword(password), createdAt: ctx.now().toISOString(), ...access },
      { actor, action: 'admin.create', outcome: 'ok', target: username, details: access },
    )
    .catch(takenBy(exists));
}

export async function createAdminUser(ctx: OfficeContext, username: string, password: string, actor: string): Promise<void> {
  await createConsoleUser(ctx, { username, password }, actor);
}

const lastAdminError = (username: string, disabled: boolean): AdminError =>
  new AdminError(`"${username}" is the last active administrator; make another user an administrator first`, {
    field: disabled ? 'disabled' : 'role',
    code: 'lastAdmin',
    params: { username },
  });

const isActiveAdmin = (u: { role?: ConsoleRole; disabledAt?: string | null }): boolean => (u.role ?? 'admin') === 'admin' && !u.disabledAt;

/**
 * Role, hospitals and disabled of a console user; disabling ends their sessions. Refused when it
 * would leave the office without an active administrator (nobody could then manage the console).
 * With `expectedState` (consoleUserState of the user the form showed), written only if nobody
 * changed the user since: 'conflict' writes nothing.
 */
export async function updateConsoleUser(
  ctx: OfficeContext,
  username: string,
  edit: { role: string; hospitalIds: string[]; disabled: boolean },
  actor: string,
  expectedState?: string,
): Promise<'written' | 'conflict'> {
  const users = await ctx.store.listAdmins();
  const user = users.find((u) => u.username === username);
  if (!user) throw new AdminError(`no user "${username}"`, { field: 'username', code: 'noUser', params: { username } });
  const access = await checkRole(ctx, edit.role, edit.hospitalIds);
  const staysAdmin = access.role === 'admin' && !edit.disabled;
  if (isActiveAdmin(user) && !staysAdmin && !users.some((u) => u.username !== username && isActiveAdmin(u))) throw lastAdminError(username, edit.disabled);
  const wasDisabled = Boolean(user.disabledAt);
  const action = edit.disabled === wasDisabled ? 'admin.update' : edit.disabled ? 'admin.disable' : 'admin.enable';
  const outcome = await ctx.store.updateAdmin(
    username,
    { ...access, disabled: edit.disabled, ...(expectedState === undefined ? {} : { expectedState }) },
    { actor, action, outcome: 'ok', target: username, details: { ...access, disabled: edit.disabled } },
  );
  // The check above gives the usual answer; the store's own, in its transaction, holds when two edits race.
  if (outcome === 'last_admin') throw lastAdminError(username, edit.disabled);
  if (outcome === 'missing') throw new AdminError(`no user "${username}"`, { field: 'username', code: 'noUser', params: { username } });
  return outcome;
}

export async function setAdminPassword(ctx: OfficeContext, username: string, password: string, actor: string): Promise<void> {
  checkPassword(password);
  const changed = await ctx.store.setAdminPassword(username, await hashPassword(password), {
    actor,
    action: 'admin.password',
    outcome: 'ok',
    target: username,
    details: {},
  });
  if (!changed) throw new AdminError(`no user "${username}"`, { field: 'username', code: 'noUser', params: { username } });
}
