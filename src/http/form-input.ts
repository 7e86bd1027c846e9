import { ValidationError, type FieldErrors } from '../domain-errors.js';

/**
 * Reads named text fields from a parsed form body (urlencoded or multipart key/values), trims them,
 * and collects every problem at once so a form can show them all.
 */
export class FormInput {
  readonly errors: FieldErrors = {};
  private readonly body: Record<string, unknown>;

  constructor(body: unknown) {
    this.body = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  }

  /** A single-line or multi-line text value, '' when absent. Repeated fields are refused. */
  text(name: string, options: { label: string; required?: boolean; max?: number; trim?: boolean }): string {
    const raw = this.body[name];
    if (raw !== undefined && typeof raw !== 'string') {
      this.errors[name] = `${options.label} must be given once, as text.`;
      return '';
    }
    const value = options.trim === false ? (raw ?? '') : (raw ?? '').trim();
    const max = options.max ?? 500;
    if (options.required && value === '') this.errors[name] = `${options.label} is required.`;
    else if (value.length > max) this.errors[name] = `${options.label} must be at most ${max} characters.`;
    return value;
  }

  email(name: string, label = 'E-mail'): string {
    const value = this.text(name, { label, required: true, max: 254 });
    if (value && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) this.errors[name] = `${label} does not look like an e-mail address.`;
    return value.toLowerCase();
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], label: string): T {
    const value = this.text(name, { label, required: true });
    if (value && !allowed.includes(value as T)) this.errors[name] = `${label} must be one of: ${allowed.join(', ')}.`;
    return value as T;
  }

  /** A positive integer id, NaN when missing or malformed (and an error recorded). */
  id(name: string, label: string): number {
    const value = this.text(name, { label, required: true, max: 20 });
    const n = Number(value);
    if (value && !(Number.isSafeInteger(n) && n > 0)) this.errors[name] = `${label} is not valid.`;
    return n;
  }

  fail(name: string, message: string): void {
    this.errors[name] = message;
  }

  /** Throws a ValidationError carrying every field problem found so far. */
  assertValid(): void {
    if (Object.keys(this.errors).length > 0) throw new ValidationError({ ...this.errors });
  }
}
