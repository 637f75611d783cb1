import type { Fields } from './fields.ts';

type Hero = Fields['hero'];

/** The hero image: chosen from the library, with its alt text, caption and credit for this article. */
export function HeroField({
  hero,
  editable,
  error,
  onChange,
  onChoose,
}: {
  hero: Hero;
  editable: boolean;
  error?: string | undefined;
  onChange: (hero: Hero) => void;
  onChoose: () => void;
}) {
  return (
    <div class="ed-field">
      <span class="ed-field__label">Hero image</span>
      {hero ? (
        <div class="hero-pick">
          {hero.src && <img src={hero.src} alt="" />}
          <label>
            Alt text{' '}
            <input
              name="heroAlt"
              value={hero.alt}
              placeholder={hero.libraryAlt || 'Required before publishing'}
              onInput={(e) => onChange({ ...hero, alt: (e.currentTarget as HTMLInputElement).value })}
            />
          </label>
          <label>
            Caption{' '}
            <input name="heroCaption" value={hero.caption} onInput={(e) => onChange({ ...hero, caption: (e.currentTarget as HTMLInputElement).value })} />
          </label>
          <label>
            Credit <input name="heroCredit" value={hero.credit} onInput={(e) => onChange({ ...hero, credit: (e.currentTarget as HTMLInputElement).value })} />
          </label>
          <button type="button" class="button" disabled={!editable} onClick={onChoose}>
            Change
          </button>{' '}
          <button type="button" class="button" disabled={!editable} onClick={() => onChange(null)}>
            Remove
          </button>
        </div>
      ) : (
        <button type="button" class="button" disabled={!editable} onClick={onChoose}>
          Choose a hero image
        </button>
      )}
      {error && <p class="field-error">{error}</p>}
    </div>
  );
}
