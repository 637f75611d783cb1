import { currencyFor, fillCopy } from './choose.ts';
import type { AskTest, ChosenAsk, ReaderContext } from './types.ts';

const DAY = 86_400_000;

/** A sample reader for previews: in the United States, twelve articles read this year. */
const sampleReader = (now: number): ReaderContext => ({
  browserId: 'preview',
  country: 'US',
  edition: 'us',
  page: { kind: 'front' },
  supporter: false,
  signedIn: false,
  device: 'desktop',
  reads: Array.from({ length: 12 }, (_, i) => now - i * 7 * DAY),
  views: {},
  closed: {},
});

/** Pure: a variant as the sample reader would be asked with it, for the newsroom's editor. */
export function preview(test: AskTest, variant: AskTest['variants'][number], now: number): ChosenAsk {
  const reader = sampleReader(now);
  const currency = currencyFor(variant, 'US', 'USD');
  const amounts = variant.amounts[currency] ?? [];
  return {
    testId: test.id,
    variantId: variant.id,
    slot: test.slot,
    heading: fillCopy(variant.heading, reader, now),
    body: fillCopy(variant.body, reader, now),
    buttonText: variant.buttonText,
    currency,
    amounts,
    highlighted: variant.highlighted[currency] ?? amounts[0] ?? 0,
  };
}
