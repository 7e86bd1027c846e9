/** The file as a whole cannot be imported (empty, binary, unknown format); nothing from it should be stored. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
}

/** One record cannot be imported; the message becomes the failure reason shown to the user. */
export class RecordError extends Error {
  override readonly name = 'RecordError';
}
