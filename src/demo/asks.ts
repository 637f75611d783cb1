import type { AskTest, Targeting, Variant } from '../revenue/index.ts';

/** The demo's support asks, in our own words: an A/B test at the end of articles, and the thanks supporters see instead. */
const everyone: Targeting = {
  countries: [],
  editions: [],
  sections: [],
  topics: [],
  excludedArticles: [],
  minArticlesRead: { count: 0, days: 0 },
  supporters: 'others',
  signedIn: 'any',
  devices: [],
};
const amounts = { USD: [5, 10, 25], GBP: [4, 8, 20], EUR: [5, 10, 25], AUD: [8, 15, 40] };
const highlighted = { USD: 10, GBP: 8, EUR: 10, AUD: 15 };

const variants: Variant[] = [
  {
    id: 'open-door',
    name: 'Open door',
    heading: 'Free to read, and we mean to keep it that way',
    body: 'You have read %%ARTICLE_COUNT%% articles with us this year. There is no paywall here, and there will not be one: the reporting is paid for by readers who can afford to give, so that everyone else can read it too.\n\nIf you can, give what suits you, once or every month.',
    buttonText: 'Support us',
    amounts,
    highlighted,
  },
  {
    id: 'readers-pay',
    name: 'Readers pay',
    heading: 'Paid for by readers, open to all',
    body: 'Everything we publish is open to anyone in %%COUNTRY_NAME%% and beyond. That only works while some of the people reading chip in. It takes a minute, and it keeps the next story free.',
    buttonText: 'Give now',
    amounts,
    highlighted,
  },
];

export const DEMO_ASKS: Omit<AskTest, 'id'>[] = [
  {
    name: 'End of article: open door or readers pay',
    slot: 'epic',
    status: 'live',
    startsAt: null,
    endsAt: null,
    priority: 10,
    targeting: everyone,
    caps: { maxViews: { count: 4, days: 7 }, hideAfterCloseDays: 7 },
    variants,
  },
  {
    name: 'Thanks to supporters',
    slot: 'thank-you',
    status: 'live',
    startsAt: null,
    endsAt: null,
    priority: 20,
    targeting: { ...everyone, supporters: 'supporters' },
    caps: { maxViews: { count: 1, days: 30 }, hideAfterCloseDays: 90 },
    variants: [
      {
        id: 'thanks',
        name: 'Thanks',
        heading: 'Thank you for supporting us',
        body: 'Your contribution keeps this reporting open to everyone. We are glad you are here.',
        buttonText: 'Give again',
        amounts: {},
        highlighted: {},
      },
    ],
  },
  {
    name: 'Front page banner for regular readers',
    slot: 'banner',
    status: 'live',
    startsAt: null,
    endsAt: null,
    priority: 10,
    targeting: { ...everyone, minArticlesRead: { count: 3, days: 30 } },
    caps: { maxViews: { count: 2, days: 7 }, hideAfterCloseDays: 14 },
    variants: [
      {
        id: 'regulars',
        name: 'Regulars',
        heading: 'You come here often. Thank you.',
        body: 'You have read %%ARTICLE_COUNT%% articles this year, free, like everyone else. A small regular contribution is what keeps it that way.',
        buttonText: 'Support us',
        amounts,
        highlighted,
      },
    ],
  },
];
