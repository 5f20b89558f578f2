/**
 * Windows code signing with the vendor's certificate when its private key cannot be exported as a
 * .pfx (EV certificates live on a USB token or in a cloud HSM). electron-builder calls `signWindows`
 * for every .exe/.dll it signs and for the installers (electron-builder.ts wires it in only
 * when one of the variables below is set; a plain .pfx goes through CSC_LINK/CSC_KEY_PASSWORD and
 * electron-builder's own signtool call instead). Nothing secret is in the repository: the token's
 * PIN is asked by its driver or held by the CI agent, an HSM's credentials by its own client.
 *
 *   XUNJIAN_SIGN_COMMAND      a whole command, run once per file; `{file}` is replaced by the quoted
 *                             path, `{timestamp}` by the timestamp URL (for jsign, AzureSignTool,
 *                             a CA's own signing client…)
 *   XUNJIAN_SIGN_CERT_SHA1    signtool: the certificate's thumbprint in the Windows store (token)
 *   XUNJIAN_SIGN_CERT_SUBJECT signtool: or its subject name (/n)
 *   XUNJIAN_SIGN_CSP + XUNJIAN_SIGN_KEY_CONTAINER + XUNJIAN_SIGN_CERT_FILE
 *                             signtool: a key behind a CSP/KSP (cloud HSM) and its public certificate
 *   XUNJIAN_SIGNTOOL          signtool.exe's path (default: `signtool` on PATH)
 *   XUNJIAN_TIMESTAMP_URL     RFC 3161 timestamp server (default http://timestamp.digicert.com)
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

export const DEFAULT_TIMESTAMP_URL = 'http://timestamp.digicert.com';

export type SignEnv = Readonly<Record<string, string | undefined>>;

/** True when the variables ask for this hook rather than electron-builder's .pfx signing. */
export function wantsCustomSigning(env: SignEnv): boolean {
  return Boolean(env.XUNJIAN_SIGN_COMMAND || env.XUNJIAN_SIGN_CERT_SHA1 || env.XUNJIAN_SIGN_CERT_SUBJECT || env.XUNJIAN_SIGN_CSP);
}

/** What electron-builder hands the hook (app-builder-lib's CustomWindowsSignTaskConfiguration, the part we read). */
export interface SignTask {
  path: string;
  hash: string;
  isNest: boolean;
}

const quoteWin = (value: string): string => `"${value.replace(/"/g, '\\"')}"`;

/** signtool's arguments for one file: SHA-256 file digest, RFC 3161 timestamp, the key chosen by the variables. */
export function signtoolArgs(task: SignTask, env: SignEnv): string[] {
  const args = ['sign', '/fd', 'sha256', '/tr', env.XUNJIAN_TIMESTAMP_URL || DEFAULT_TIMESTAMP_URL, '/td', 'sha256'];
  if (task.isNest) args.push('/as');
  if (env.XUNJIAN_SIGN_CERT_SHA1) args.push('/sha1', env.XUNJIAN_SIGN_CERT_SHA1);
  else if (env.XUNJIAN_SIGN_CERT_SUBJECT) args.push('/n', env.XUNJIAN_SIGN_CERT_SUBJECT);
  else if (env.XUNJIAN_SIGN_CSP) {
    if (!env.XUNJIAN_SIGN_KEY_CONTAINER || !env.XUNJIAN_SIGN_CERT_FILE) throw new Error('XUNJIAN_SIGN_CSP needs XUNJIAN_SIGN_KEY_CONTAINER and XUNJIAN_SIGN_CERT_FILE');
    args.push('/csp', env.XUNJIAN_SIGN_CSP, '/kc', env.XUNJIAN_SIGN_KEY_CONTAINER, '/f', env.XUNJIAN_SIGN_CERT_FILE);
  } else throw new Error('no signing key chosen: set XUNJIAN_SIGN_CERT_SHA1, XUNJIAN_SIGN_CERT_SUBJECT or XUNJIAN_SIGN_CSP');
  args.push(task.path);
  return args;
}

/** The vendor's own command line with the file and timestamp filled in. */
export function signCommand(template: string, task: SignTask, env: SignEnv): string {
  return template.replaceAll('{file}', quoteWin(task.path)).replaceAll('{timestamp}', env.XUNJIAN_TIMESTAMP_URL || DEFAULT_TIMESTAMP_URL);
}

function runShell(command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`signing command exited with ${String(code)}: ${command}`))));
  });
}

/** The hook itself. electron-builder asks once per digest; we sign SHA-256 only (signingHashAlgorithms). */
export async function signWindows(task: SignTask, env: SignEnv = process.env): Promise<void> {
  if (env.XUNJIAN_SIGN_COMMAND) return runShell(signCommand(env.XUNJIAN_SIGN_COMMAND, task, env));
  await promisify(execFile)(env.XUNJIAN_SIGNTOOL || 'signtool', signtoolArgs(task, env), { timeout: 10 * 60_000 });
}
