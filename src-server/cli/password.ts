/** Reads a password for `admin user add|password`: XUNJIAN_ADMIN_PASSWORD, else one line of stdin (not echoed on a terminal). */
import { createInterface } from 'node:readline';
import { UsageError } from './serve-options';

export async function readPassword(prompt: string): Promise<string> {
  const fromEnv = process.env.XUNJIAN_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) {
    process.stdout.write(prompt);
    // Swallow the echo of typed characters.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  }
  try {
    const line = await new Promise<string>((resolve, reject) => {
      rl.once('line', resolve);
      rl.once('close', () => reject(new UsageError('no password given (set XUNJIAN_ADMIN_PASSWORD or pipe it on stdin)')));
    });
    if (process.stdin.isTTY) process.stdout.write('\n');
    return line;
  } finally {
    rl.close();
  }
}
