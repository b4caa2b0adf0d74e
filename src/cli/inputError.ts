/** A user error (bad input, an unwritable output path): one line on stderr, exit code 2 (index.ts main). */
export class InputError extends Error {}
