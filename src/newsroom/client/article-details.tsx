import { Discussion, type DiscussionSettings } from './discussion.tsx';
import type { FieldErrors } from './field-errors.ts';
import { Chips, Counted } from './field-inputs.tsx';
import { LIMITS, type Choice, type EditorArticle, type Fields } from './fields.ts';

export interface ArticleChoices {
  sections: Choice[];
  authors: Choice[];
  topics: Choice[];
  editions: Choice[];
}

/**
 * Where the article belongs and how it is found: byline, section, topics, editions, the SEO
 * headline, and whether it takes comments (with the discussion's settings for those who publish).
 */
export function ArticleDetails({
  article,
  fields,
  choices,
  discussion,
  errors,
  set,
}: {
  article: EditorArticle;
  fields: Fields;
  choices: ArticleChoices;
  discussion: DiscussionSettings;
  errors: FieldErrors;
  set: <K extends keyof Fields>(key: K, value: Fields[K]) => void;
}) {
  return (
    <>
      <Chips id="authors" label="Byline" chosen={fields.authors} choices={choices.authors} onChange={(v) => set('authors', v)} error={errors.authors} />
      <div class="ed-field">
        <label for="section">Section</label>
        <select id="section" value={fields.section} onChange={(e) => set('section', (e.currentTarget as HTMLSelectElement).value)}>
          {choices.sections.map((s) => (
            <option value={s.value}>{s.label}</option>
          ))}
        </select>
      </div>
      <Chips id="topics" label="Topics" chosen={fields.topics} choices={choices.topics} onChange={(v) => set('topics', v)} error={errors.topics} />
      <fieldset class="ed-field">
        <legend>Editions</legend>
        {choices.editions.map((e) => (
          <label class="check">
            <input
              type="checkbox"
              checked={fields.editions.includes(e.value)}
              onChange={(ev) =>
                set('editions', (ev.currentTarget as HTMLInputElement).checked ? [...fields.editions, e.value] : fields.editions.filter((x) => x !== e.value))
              }
            />{' '}
            {e.label}
          </label>
        ))}
        {errors.editions && <p class="field-error">{errors.editions}</p>}
      </fieldset>
      <Counted
        id="seoHeadline"
        label="SEO headline"
        value={fields.seoHeadline}
        limit={LIMITS.seoHeadline}
        error={errors.seoHeadline}
        hint="For search results; the headline is used when empty."
        onInput={(v) => set('seoHeadline', v)}
      />
      <label class="check">
        <input type="checkbox" checked={fields.commentsEnabled} onChange={(e) => set('commentsEnabled', (e.currentTarget as HTMLInputElement).checked)} />{' '}
        Comments on
      </label>
      {fields.commentsEnabled && article.rights.publish && <Discussion articleId={article.id} initial={discussion} />}
    </>
  );
}
