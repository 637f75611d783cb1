/** The test editor's inputs: labelled text fields, choices and checkbox groups. */

export function Checks({ name, options, chosen }: { name: string; options: { value: string; label: string }[]; chosen: string[] }) {
  return (
    <>
      {options.map((o) => (
        <label class="check">
          <input type="checkbox" name={name} value={o.value} checked={chosen.includes(o.value)} /> {o.label}
        </label>
      ))}
    </>
  );
}

export function Field({
  name,
  label,
  value,
  numeric,
  type = 'text',
}: {
  name: string;
  label: string;
  value: string | undefined;
  numeric?: boolean;
  type?: 'text' | 'datetime-local';
}) {
  return (
    <>
      <label for={name}>{label}</label>
      {type === 'datetime-local' ? (
        <input id={name} name={name} type="datetime-local" value={value ?? ''} />
      ) : (
        <input id={name} name={name} value={value ?? ''} inputMode={numeric ? 'numeric' : 'text'} />
      )}
    </>
  );
}

export function Choice({ name, label, value, options }: { name: string; label: string; value: string | undefined; options: [string, string][] }) {
  return (
    <>
      <label for={name}>{label}</label>
      <select id={name} name={name}>
        {options.map(([v, l]) => (
          <option value={v} selected={value === v}>
            {l}
          </option>
        ))}
      </select>
    </>
  );
}
