import type { Choice } from './fields.ts';

/** The editor's own inputs: a text field that counts its characters, and a list of chosen values. */

export function Counted({
  id,
  label,
  value,
  limit,
  error,
  multiline,
  onInput,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  limit: number;
  error?: string | undefined;
  multiline?: boolean;
  onInput: (value: string) => void;
  hint?: string;
}) {
  const length = [...value].length;
  const over = length > limit;
  const props = {
    id,
    name: id,
    value,
    'aria-invalid': over || !!error,
    'aria-describedby': `${id}-note`,
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class={`ed-field${over || error ? ' ed-field--error' : ''}`}>
      <label for={id}>{label}</label>
      {multiline ? <textarea rows={3} {...props} /> : <input {...props} />}
      <p class="ed-field__note" id={`${id}-note`}>
        <span class={over ? 'field-error' : ''}>
          {length}/{limit}
          {over && ` characters: ${length - limit} too many`}
        </span>
        {hint && !over && <span> {hint}</span>}
      </p>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function Chips({
  id,
  label,
  chosen,
  choices,
  onChange,
  error,
}: {
  id: string;
  label: string;
  chosen: string[];
  choices: Choice[];
  onChange: (next: string[]) => void;
  error?: string | undefined;
}) {
  const name = (value: string) => choices.find((c) => c.value === value)?.label ?? value;
  return (
    <div class="ed-field">
      <label for={id}>{label}</label>
      <ul class="chips">
        {chosen.map((value) => (
          <li>
            {name(value)}{' '}
            <button type="button" aria-label={`Remove ${name(value)}`} onClick={() => onChange(chosen.filter((v) => v !== value))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <select
        id={id}
        value=""
        onChange={(e) => {
          const value = (e.currentTarget as HTMLSelectElement).value;
          if (value && !chosen.includes(value)) onChange([...chosen, value]);
        }}
      >
        <option value="">Add…</option>
        {choices
          .filter((c) => !chosen.includes(c.value))
          .map((c) => (
            <option value={c.value}>{c.label}</option>
          ))}
      </select>
      {error && <p class="field-error">{error}</p>}
    </div>
  );
}
