/** Key and certificate files in the data folder: absent on first start (then they are made), an error otherwise. */
import { readFile } from 'node:fs/promises';

export async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
