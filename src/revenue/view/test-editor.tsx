import { Csrf, Notices, type FormState } from '../../web/forms/components.tsx';
import type { TestForm } from '../asks/definition.ts';
import { preview } from '../asks/preview.ts';
import type { TargetChoices } from '../asks/service.ts';
import type { AskTest } from '../asks/types.ts';
import { AskView } from './ask-view.tsx';
import { Checks, Choice, Field } from './test-fields.tsx';
import { SLOT_LABELS, VARIANT_SLOTS } from './test-values.ts';

/** The buttons that move a test to each status it is not in. */
function StatusButtons({ test, state }: { test: AskTest; state: FormState }) {
  return (
    <p>
      Status: <strong>{test.status}</strong>{' '}
      {(['live', 'stopped', 'draft'] as const)
        .filter((s) => s !== test.status)
        .map((s) => (
          <form method="post" action={`/newsroom/revenue/tests/${test.id}/status`} class="inline-form">
            <Csrf state={state} />
            <input type="hidden" name="status" value={s} />
            <button class="button" type="submit">
              {s === 'live' ? 'Start' : s === 'stopped' ? 'Stop' : 'Back to draft'}
            </button>
          </form>
        ))}
    </p>
  );
}

/** One fieldset per variant the editor offers, filled with the variants there are. */
function VariantFields({ variants }: { variants: TestForm['variants'] }) {
  return (
    <>
      {Array.from({ length: VARIANT_SLOTS }, (_, i) => {
        const v = variants[i];
        return (
          <fieldset>
            <legend>Variant {i + 1}</legend>
            <p class="field-note">Copy may say %%COUNTRY_NAME%% and %%ARTICLE_COUNT%% (articles read in the last year).</p>
            <Field name={`v${i}_id`} label="Id" value={v?.id} />
            <Field name={`v${i}_heading`} label="Heading" value={v?.heading} />
            <label for={`v${i}_body`}>Text (a blank line between paragraphs)</label>
            <textarea id={`v${i}_body`} name={`v${i}_body`} rows={4} value={v?.body ?? ''} />
            <Field name={`v${i}_buttonText`} label="Button" value={v?.buttonText} />
            <Field name={`v${i}_amounts`} label={'Amounts (such as "USD: 5, 15, 50; GBP: 4, 12, 40")'} value={v?.amounts} />
            <Field name={`v${i}_highlighted`} label={'Highlighted (such as "USD: 15"; empty: the middle one)'} value={v?.highlighted} />
          </fieldset>
        );
      })}
    </>
  );
}

/** Each stored variant as the sample reader would see it. */
function Previews({ test, now }: { test: AskTest; now: number }) {
  return (
    <section class="revenue-previews" aria-labelledby="previews">
      <h2 id="previews">Preview, for a reader in the United States who read 12 articles this year</h2>
      {test.variants.map((v) => {
        const ask = preview(test, v, now);
        return (
          <div class="revenue-preview">
            <p class="field-note">Variant {v.id}</p>
            <AskView
              ask={ask}
              slot={test.slot === 'thank-you' ? 'epic' : test.slot === 'banner' ? 'banner-preview' : 'epic'}
              amount={ask.highlighted}
              frequency="one-off"
            />
          </div>
        );
      })}
    </section>
  );
}

/** The test editor: every rule of the definition, and each variant with its preview. */
export function TestEditor({
  test,
  values,
  version,
  lists,
  state,
  now,
  notice,
}: {
  test: AskTest | null;
  values: TestForm;
  version: number;
  lists: TargetChoices;
  state: FormState;
  now: number;
  notice?: string | undefined;
}) {
  const t = test;
  const f = values;
  const action = t ? `/newsroom/revenue/tests/${t.id}` : '/newsroom/revenue/tests';
  return (
    <div class="newsroom">
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › <a href="/newsroom/revenue">Reader revenue</a> › {t ? t.name : 'New test'}
      </p>
      <h1>{t ? t.name : 'New test'}</h1>
      <Notices error={state.error} notice={notice} />
      {t && <StatusButtons test={t} state={state} />}
      <form method="post" action={action} class="account-form revenue-test">
        <Csrf state={state} />
        <input type="hidden" name="version" value={String(version)} />
        <Field name="name" label="Name" value={f.name} />
        <Choice name="slot" label="Where" value={f.slot} options={Object.entries(SLOT_LABELS)} />
        <Field name="priority" label="Priority (the higher is tried first)" value={f.priority} numeric />
        <Field name="startsAt" label="Starts (UTC, empty: when started)" value={f.startsAt} type="datetime-local" />
        <Field name="endsAt" label="Ends (UTC, empty: when stopped)" value={f.endsAt} type="datetime-local" />
        <fieldset>
          <legend>Who sees it</legend>
          <Field name="countries" label="Countries (two-letter codes, empty: any)" value={f.countries} />
          <p class="field-note">Editions (none ticked: any)</p>
          <Checks name="editions" options={lists.editions.map((e) => ({ value: e.code, label: e.name }))} chosen={f.editions ?? []} />
          <p class="field-note">Sections and topics (an article in any of those ticked; none: any page)</p>
          <Checks name="sections" options={lists.sections.map((s) => ({ value: s.id, label: s.name }))} chosen={f.sections ?? []} />
          <Checks name="topics" options={lists.topics.map((x) => ({ value: x.id, label: x.name }))} chosen={f.topics ?? []} />
          <Field name="excludedArticles" label="Never on these articles (ids, comma-separated)" value={f.excludedArticles} />
          <Field name="minReads" label="At least this many articles read…" value={f.minReads} numeric />
          <Field name="minReadsDays" label="…in this many days" value={f.minReadsDays} numeric />
          <Choice
            name="supporters"
            label="Supporters"
            value={f.supporters}
            options={[
              ['any', 'Everyone'],
              ['others', 'Everyone but supporters'],
              ['supporters', 'Supporters only'],
            ]}
          />
          <Choice
            name="signedIn"
            label="Signed in"
            value={f.signedIn}
            options={[
              ['any', 'Anyone'],
              ['yes', 'Signed-in readers'],
              ['no', 'Signed-out readers'],
            ]}
          />
          <p class="field-note">Devices (none ticked: any)</p>
          <Checks name="devices" options={['mobile', 'tablet', 'desktop'].map((d) => ({ value: d, label: d }))} chosen={f.devices ?? []} />
        </fieldset>
        <fieldset>
          <legend>How often</legend>
          <Field name="maxViews" label="At most this many views… (0: no limit)" value={f.maxViews} numeric />
          <Field name="maxViewsDays" label="…in this many days" value={f.maxViewsDays} numeric />
          <Field name="hideAfterCloseDays" label="Hidden for this many days after a reader closes it" value={f.hideAfterCloseDays} numeric />
        </fieldset>
        <VariantFields variants={f.variants} />
        <button class="button button--primary" type="submit">
          Save
        </button>
      </form>
      {t && t.variants.length > 0 && <Previews test={t} now={now} />}
    </div>
  );
}
