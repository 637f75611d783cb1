import { useState } from 'preact/hooks';
import { ImagePicker } from '../../newsroom/browser.ts';
import { OVERRIDE_LIMITS, type CardOverrides } from '../browser.ts';
import type { StorySummary } from './types.ts';

/**
 * A story's look on this front only: headline, trail, kicker and picture (with the point its
 * crop centres on). Empty fields show the article's own; the article itself is never touched.
 */
export function OverridesForm({
  idBase,
  story,
  value,
  onChange,
}: {
  idBase: string;
  story: StorySummary | undefined;
  value: CardOverrides;
  onChange: (next: CardOverrides) => void;
}) {
  const [picking, setPicking] = useState(false);
  const set = (key: keyof CardOverrides, text: string | undefined) => {
    const next: CardOverrides = { ...value };
    if (text === undefined || text === '') delete next[key];
    else (next as Record<string, unknown>)[key] = text;
    onChange(next);
  };
  const focal = value.focal ?? { x: 0.5, y: 0.5 };
  const setFocal = (axis: 'x' | 'y', percent: number) => {
    const point = { ...focal, [axis]: Math.max(0, Math.min(100, percent)) / 100 };
    onChange({ ...value, focal: point });
  };
  const text = (key: 'headline' | 'trail' | 'kicker', label: string, multiline = false) => {
    const id = `${idBase}-${key}`;
    const props = {
      id,
      value: value[key] ?? '',
      maxLength: OVERRIDE_LIMITS[key],
      placeholder: story?.[key] ?? '',
      onInput: (e: Event) => set(key, (e.currentTarget as HTMLInputElement).value),
    };
    return (
      <p class="ft-field">
        <label for={id}>{label}</label>
        {multiline ? <textarea rows={2} {...props} /> : <input type="text" {...props} />}
      </p>
    );
  };
  return (
    <fieldset class="ft-overrides">
      <legend>On this front only</legend>
      {text('headline', 'Front headline')}
      {text('trail', 'Trail text', true)}
      {text('kicker', 'Kicker')}
      <div class="ft-field">
        <span>Picture: {value.imageId ? `image ${value.imageId.slice(0, 8)}` : story?.imageId ? 'the article’s own' : 'none'}</span>{' '}
        <button type="button" class="button" onClick={() => setPicking(true)}>
          Choose from the media library
        </button>{' '}
        {value.imageId && (
          <button type="button" class="button" onClick={() => set('imageId', undefined)}>
            Use the article’s picture
          </button>
        )}
      </div>
      <p class="ft-field">
        <label for={`${idBase}-image`}>Or an image id</label>
        <input
          id={`${idBase}-image`}
          type="text"
          value={value.imageId ?? ''}
          onChange={(e) => set('imageId', (e.currentTarget as HTMLInputElement).value.trim() || undefined)}
        />
      </p>
      <fieldset class="ft-focal">
        <legend>Crop centred at (percent of width and height)</legend>
        <label>
          Across{' '}
          <input
            type="number"
            min={0}
            max={100}
            value={Math.round(focal.x * 100)}
            onChange={(e) => setFocal('x', Number((e.currentTarget as HTMLInputElement).value))}
          />
        </label>{' '}
        <label>
          Down{' '}
          <input
            type="number"
            min={0}
            max={100}
            value={Math.round(focal.y * 100)}
            onChange={(e) => setFocal('y', Number((e.currentTarget as HTMLInputElement).value))}
          />
        </label>
      </fieldset>
      {picking && (
        <ImagePicker
          onClose={() => setPicking(false)}
          onPick={(image) => {
            setPicking(false);
            onChange({ ...value, imageId: image.id, focal: image.focalPoint });
          }}
        />
      )}
    </fieldset>
  );
}
