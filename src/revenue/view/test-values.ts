import type { TestForm } from '../asks/definition.ts';
import type { AskTest } from '../asks/types.ts';

/** How many variants the editor offers a fieldset for (its form fields are v0_heading, v1_heading…). */
export const VARIANT_SLOTS = 4;

export const SLOT_LABELS: Record<AskTest['slot'], string> = { epic: 'End of article', banner: 'Banner', 'thank-you': 'Thank-you' };

/** A time as the editor's datetime-local field takes it, in UTC; empty for none. */
export const stamp = (d: Date | null) => (d ? d.toISOString().slice(0, 16) : '');

const amountsText = (amounts: Record<string, number[]>) =>
  Object.entries(amounts)
    .map(([c, v]) => `${c}: ${v.join(', ')}`)
    .join('; ');
const highlightedText = (h: Record<string, number>) =>
  Object.entries(h)
    .map(([c, v]) => `${c}: ${v}`)
    .join('; ');

/** Pure: a stored test as the form's text fields; a new test's defaults when there is none. */
export function formOfTest(t: AskTest | null): TestForm {
  if (!t)
    return {
      slot: 'epic',
      priority: '0',
      supporters: 'others',
      signedIn: 'any',
      minReads: '0',
      minReadsDays: '30',
      maxViews: '4',
      maxViewsDays: '7',
      hideAfterCloseDays: '14',
      variants: [],
    };
  const g = t.targeting;
  return {
    name: t.name,
    slot: t.slot,
    priority: String(t.priority),
    startsAt: stamp(t.startsAt),
    endsAt: stamp(t.endsAt),
    countries: g.countries.join(', '),
    editions: g.editions,
    sections: g.sections,
    topics: g.topics,
    excludedArticles: g.excludedArticles.join(', '),
    minReads: String(g.minArticlesRead.count),
    minReadsDays: String(g.minArticlesRead.days),
    supporters: g.supporters,
    signedIn: g.signedIn,
    devices: g.devices,
    maxViews: String(t.caps.maxViews.count),
    maxViewsDays: String(t.caps.maxViews.days),
    hideAfterCloseDays: String(t.caps.hideAfterCloseDays),
    variants: t.variants.map((v) => ({
      id: v.id,
      heading: v.heading,
      body: v.body,
      buttonText: v.buttonText,
      amounts: amountsText(v.amounts),
      highlighted: highlightedText(v.highlighted),
    })),
  };
}
