/** Global setup of the suites that run on PostgreSQL: the server must be up, and earlier runs' databases go. */
import { dropLeftoverTestDatabases } from './postgres';

export default async function setup(): Promise<void> {
  await dropLeftoverTestDatabases();
}
