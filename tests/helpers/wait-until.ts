/** Polls `check` every 200 ms until it holds; past `timeoutMs`, fails with what `what` says of the state. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${await what()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
