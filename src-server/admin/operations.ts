/**
 * What an office admin does, whether from the CLI or the console: engineers and their
 * hospitals, one-time enrollment codes, device revocation, console users. Every one is audited.
 */
import { Slug } from '../../src-shared/catalog/schema';
import { hashEnrollmentCode, newEnrollmentCode } from '../auth/tokens';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords';
import type { OfficeContext } from '../context';
import type { Engineer } from '../storage/port';

export class AdminError extends Error {}

async function checkHospitals(ctx: OfficeContext, hospitalIds: string[]): Promise<void> {
  const known = new Set((await ctx.store.listReference('hospital')).map((h) => h.key));
  const unknown = hospitalIds.filter((h) => !known.has(h));
  if (unknown.length) throw new AdminError(`unknown hospital(s): ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
}

export async function createEngineer(
  ctx: OfficeContext,
  input: { id: string; name: string; hospitalIds: string[] },
  actor: string,
): Promise<Engineer> {
  if (!Slug.safeParse(input.id).success) throw new AdminError(`engineer id "${input.id}" must be a lower-case slug such as "zhang-wei"`);
  if (!input.name.trim()) throw new AdminError('an engineer needs a name');
  if (await ctx.store.getEngineer(input.id)) throw new AdminError(`engineer "${input.id}" already exists`);
  await checkHospitals(ctx, input.hospitalIds);
  return ctx.store.createEngineer({ id: input.id, name: input.name.trim(), hospitalIds: input.hospitalIds }, {
    actor,
    action: 'engineer.create',
    outcome: 'ok',
    target: input.id,
    details: { name: input.name.trim(), hospitalIds: input.hospitalIds },
  });
}

export async function assignHospitals(ctx: OfficeContext, engineerId: string, hospitalIds: string[], actor: string): Promise<void> {
  if (!(await ctx.store.getEngineer(engineerId))) throw new AdminError(`no engineer "${engineerId}"`);
  await checkHospitals(ctx, hospitalIds);
  await ctx.store.setEngineerHospitals(engineerId, hospitalIds, {
    actor,
    action: 'engineer.hospitals',
    outcome: 'ok',
    target: engineerId,
    details: { hospitalIds },
  });
}

/** A fresh one-time code; only its hash is stored, so it is shown once, here. */
export async function createEnrollmentCode(
  ctx: OfficeContext,
  engineerId: string,
  validDays: number,
  actor: string,
): Promise<{ code: string; expiresAt: string }> {
  if (!(await ctx.store.getEngineer(engineerId))) throw new AdminError(`no engineer "${engineerId}"`);
  // Whole days: `--days 0.00001` would make a code that expires before it reaches the engineer.
  if (!(Number.isInteger(validDays) && validDays >= 1 && validDays <= 90)) throw new AdminError(`a code is valid for a whole number of days, 1 to 90 (not ${validDays})`);
  const code = newEnrollmentCode();
  const expiresAt = new Date(ctx.now().getTime() + validDays * 24 * 60 * 60 * 1000).toISOString();
  await ctx.store.createEnrollmentCode(
    { codeHash: hashEnrollmentCode(code), engineerId, expiresAt },
    { actor, action: 'enrollment.code', outcome: 'ok', target: engineerId, details: { expiresAt } },
  );
  return { code, expiresAt };
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
  if (password.length < MIN_PASSWORD_LENGTH) throw new AdminError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
}

export async function createAdminUser(ctx: OfficeContext, username: string, password: string, actor: string): Promise<void> {
  if (!/^[a-z][a-z0-9_.-]{1,31}$/.test(username)) throw new AdminError('a user name is 2-32 lower-case letters, digits, ".", "_" or "-"');
  checkPassword(password);
  if (await ctx.store.getAdmin(username)) throw new AdminError(`user "${username}" already exists`);
  await ctx.store.createAdmin(
    { username, passwordHash: await hashPassword(password), createdAt: ctx.now().toISOString() },
    { actor, action: 'admin.create', outcome: 'ok', target: username, details: {} },
  );
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
  if (!changed) throw new AdminError(`no user "${username}"`);
}
