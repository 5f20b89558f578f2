/** A command of the operations CLI that cannot go on: its message is the one line the operator reads. */
export class OpsError extends Error {}
