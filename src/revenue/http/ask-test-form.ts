import { Type, type Static } from 'typebox';
import { formBody, list, text } from '../../web/forms/schema.ts';
import type { TestForm } from '../asks/definition.ts';

/**
 * The test editor's form. Every field is text the service reads and explains (a name too long,
 * a country that is none), so the caps here only stop what no editor types. A checkbox group
 * may hold every id the body's size allows.
 */
const choices = () => list(2000);

/** The checkbox groups, which the route names in `config.formLists`. */
export const TEST_FORM_LISTS = ['editions', 'sections', 'topics', 'devices'];

export const TestFormBody = formBody({
  // The version the editor opened, for the stale-save check: digits, or the request is refused.
  version: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
  name: text(),
  slot: text(),
  priority: text(),
  startsAt: text(),
  endsAt: text(),
  countries: text(),
  editions: choices(),
  sections: choices(),
  topics: choices(),
  excludedArticles: text(),
  minReads: text(),
  minReadsDays: text(),
  supporters: text(),
  signedIn: text(),
  devices: choices(),
  maxViews: text(),
  maxViewsDays: text(),
  hideAfterCloseDays: text(),
  // One fieldset per variant the editor offers (VARIANT_SLOTS in view/test-values.ts).
  v0_id: text(),
  v0_heading: text(),
  v0_body: text(),
  v0_buttonText: text(),
  v0_amounts: text(),
  v0_highlighted: text(),
  v1_id: text(),
  v1_heading: text(),
  v1_body: text(),
  v1_buttonText: text(),
  v1_amounts: text(),
  v1_highlighted: text(),
  v2_id: text(),
  v2_heading: text(),
  v2_body: text(),
  v2_buttonText: text(),
  v2_amounts: text(),
  v2_highlighted: text(),
  v3_id: text(),
  v3_heading: text(),
  v3_body: text(),
  v3_buttonText: text(),
  v3_amounts: text(),
  v3_highlighted: text(),
});
export type TestFormBody = Static<typeof TestFormBody>;

/** A status button's form: the status to move the test to, which the service checks. */
export const StatusBody = formBody({ status: text() });

/** Pure: the form's fields as a test form. */
export function testFormOf(body: TestFormBody): TestForm {
  return {
    name: body.name,
    slot: body.slot,
    priority: body.priority,
    startsAt: body.startsAt,
    endsAt: body.endsAt,
    countries: body.countries,
    editions: body.editions ?? [],
    sections: body.sections ?? [],
    topics: body.topics ?? [],
    excludedArticles: body.excludedArticles,
    minReads: body.minReads,
    minReadsDays: body.minReadsDays,
    supporters: body.supporters,
    signedIn: body.signedIn,
    devices: body.devices ?? [],
    maxViews: body.maxViews,
    maxViewsDays: body.maxViewsDays,
    hideAfterCloseDays: body.hideAfterCloseDays,
    variants: ([0, 1, 2, 3] as const).map((i) => ({
      id: body[`v${i}_id`],
      heading: body[`v${i}_heading`],
      body: body[`v${i}_body`],
      buttonText: body[`v${i}_buttonText`],
      amounts: body[`v${i}_amounts`],
      highlighted: body[`v${i}_highlighted`],
    })),
  };
}
