/**
 * One office run as several instances (issue 15), each its own process so one can be SIGKILLed
 * and each has its own event loop. The office is prepared once in-process on the first data
 * folder (keys, reference data from assets/catalog, an engineer, enrollment codes); every other
 * instance gets a data folder of its own holding a copy of the first one's keys, as an operator
 * copies them (src-server/ca/shared-keys.ts refuses an instance whose keys differ). Without a
 * database there is one instance: SQLite is one machine's file.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createEngineer, createEnrollmentCode } from '../../../src-server/admin/operations';
import { startOffice } from '../../../src-server/start';
import { freePort, officeProcess, type OfficeProcess } from '../../sync/helpers/office-process';

export interface OfficeInstance extends OfficeProcess {
  dataDir: string;
  /** False from a kill until the instance has started again: a load balancer sends it nothing. */
  up: boolean;
}

export interface OfficeInstances {
  instances: OfficeInstance[];
  /** One-time enrollment codes for the engineer, as many as asked for. */
  codes: string[];
  /** Stops every instance (SIGTERM) and removes the data folders. */
  stop(): Promise<void>;
}

export interface InstancesOptions {
  /** A PostgreSQL URL; absent: SQLite in the first data folder, and only one instance. */
  database?: string;
  count: number;
  engineer: { id: string; name: string; hospitalIds: string[] };
  codes: number;
}

async function prepare(dataDir: string, options: InstancesOptions): Promise<string[]> {
  const seeding = await startOffice({ dataDir, port: 0, logLevel: false, ...(options.database ? { database: options.database } : {}) });
  try {
    await createEngineer(seeding.ctx, options.engineer, 'test');
    const codes: string[] = [];
    for (let i = 0; i < options.codes; i++) codes.push((await createEnrollmentCode(seeding.ctx, options.engineer.id, 7, 'test')).code);
    return codes;
  } finally {
    await seeding.app.close();
  }
}

export async function startOfficeInstances(options: InstancesOptions): Promise<OfficeInstances> {
  if (!options.database && options.count !== 1) throw new Error('several instances need a PostgreSQL database');
  const dataDirs: string[] = [];
  const instances: OfficeInstance[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(instances.map((i) => i.stop()));
    await Promise.all(dataDirs.map((d) => rm(d, { recursive: true, force: true })));
  };
  try {
    for (let i = 0; i < options.count; i++) dataDirs.push(await mkdtemp(path.join(os.tmpdir(), `xunjian-instance-${i}-`)));
    const codes = await prepare(dataDirs[0]!, options);
    for (const dataDir of dataDirs.slice(1)) await cp(path.join(dataDirs[0]!, 'keys'), path.join(dataDir, 'keys'), { recursive: true });
    const args = options.database ? ['--database', options.database] : [];
    // All at once: the office is prepared (catalog imported, keys recorded), so none has a first start's work.
    const started = await Promise.allSettled(dataDirs.map(async (dataDir) => Object.assign(await officeProcess(dataDir, await freePort(), args), { dataDir, up: true })));
    for (const s of started) if (s.status === 'fulfilled') instances.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return { instances, codes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
