/** Errors services throw; the HTTP error handler and the CLI turn them into messages a person can act on. */

export type FieldErrors = Record<string, string>;

/** Input that breaks a rule; `fields` maps a form field to what is wrong with it. */
export class ValidationError extends Error {
  constructor(readonly fields: FieldErrors) {
    super(Object.values(fields).join(' '));
  }
}

export class NotFoundError extends Error {}

export class ForbiddenError extends Error {}
