import type { BlobStore } from '../port';
import type { PostgresPool } from './pool';

export function postgresBlobStore(_db: PostgresPool): BlobStore {
  const no = (): never => {
    throw new Error('PostgreSQL blob store is not written yet');
  };
  return { stat: async () => no(), put: async () => no(), read: async () => no(), stream: () => no() };
}
