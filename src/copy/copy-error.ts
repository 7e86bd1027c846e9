/** A copy that must not or could not go ahead, said so that a person can act on it: exit code 1. */
export class CopyError extends Error {}
