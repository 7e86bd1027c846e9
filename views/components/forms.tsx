import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../src/domain-errors.js';
import { FORM_TOKEN_FIELD, type CreatingForm } from '../../src/http/form-token.js';

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** The one-time token of a form that creates something: sent twice, it still creates once (src/http/create-once.ts). */
export function FormTokenField({ form }: { form: CreatingForm }) {
  return <input type="hidden" name={FORM_TOKEN_FIELD} value={form.token} />;
}

interface FieldProps {
  name: string;
  label: string;
  value?: string;
  errors?: FieldErrors;
  type?: 'text' | 'email' | 'password' | 'date' | 'search';
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  multiline?: boolean;
  rows?: number;
  maxLength?: number;
  autofocus?: boolean;
  pattern?: string;
}

/** A labelled input with its hint and error, wired with aria-describedby for screen readers. */
export function Field(props: FieldProps) {
  const id = `f-${props.name}`;
  const error = props.errors?.[props.name];
  const describedBy = [props.hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: props.name,
    required: props.required,
    maxLength: props.maxLength,
    autofocus: props.autofocus,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.multiline ? (
        <textarea {...common} rows={props.rows ?? 4}>{props.value ?? ''}</textarea>
      ) : (
        <input
          {...common}
          // preact 11 types each input type separately; the union of ours is valid for all of them.
          type={(props.type ?? 'text') as 'text'}
          value={props.value ?? ''}
          autocomplete={props.autocomplete}
          pattern={props.pattern}
        />
      )}
      {props.hint && <p class="hint" id={`${id}-hint`}>{props.hint}</p>}
      {error && <p class="error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

/** Errors that belong to no single field (or to a field the form does not show). */
export function FormErrors({ errors, fields }: { errors?: FieldErrors; fields: readonly string[] }) {
  const other = Object.entries(errors ?? {}).filter(([name]) => !fields.includes(name));
  if (other.length === 0) return null;
  return (
    <div class="alert alert-error" role="alert">
      {other.map(([name, message]) => <p key={name}>{message}</p>)}
    </div>
  );
}

export function PostButton(props: {
  action: string;
  csrfToken: string;
  label: string;
  class?: string;
  confirm?: string;
  hidden?: Record<string, string>;
  children?: ComponentChildren;
}) {
  return (
    <form method="post" action={props.action} class="inline" data-confirm={props.confirm}>
      <CsrfField token={props.csrfToken} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <button type="submit" class={props.class ?? 'button-secondary'}>{props.children ?? props.label}</button>
    </form>
  );
}
