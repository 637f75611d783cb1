import type { DemoArticle } from './article.ts';

/** The demo articles of the culture section. */
export const CULTURE_ARTICLES: DemoArticle[] = [
  {
    key: 'library-reopens',
    section: 'culture',
    authors: ['eleanor-marsh'],
    topics: [],
    editions: ['uk'],
    hoursAgo: 14,
    headline: 'A town library closed for six years reopens with a queue outside',
    standfirst: 'Volunteers, a bequest and a new roof brought back a Victorian reading room that the council had written off.',
    body: [
      'Several hundred people queued in the rain on Saturday for the reopening of a library that closed in 2020 when its roof was declared unsafe.',
      'The building was saved by a campaign that raised £380,000, including a bequest from a retired teacher who had borrowed her first book there in 1952.',
      "Volunteers will staff the library three days a week, alongside one paid librarian. The children's section, the campaigners said, was the first part to be finished.",
    ],
    hero: {
      alt: 'Tall shelves of books beneath the arched windows of a Victorian reading room',
      caption: 'The restored reading room on opening day.',
      hue: 35,
    },
  },
  {
    key: 'film-festival',
    section: 'culture',
    authors: ['daniel-reyes'],
    topics: [],
    editions: ['us'],
    hoursAgo: 36,
    headline: "A documentary about a border town wins the festival's top prize",
    standfirst: 'The film, made over seven years by a crew of three, follows a family-run diner that has fed both sides of the river since 1971.',
    body: [
      'A documentary about a diner in a border town won the top prize at the festival on Sunday, beating films with budgets many times its size.',
      "The directors filmed for seven years, returning every few months to record the diner's regulars, its cooks and the changes to the crossing a hundred metres away.",
      'Accepting the award, one of the directors thanked the diner\'s owners for "letting us sit in the corner booth for most of a decade".',
    ],
    hero: { alt: 'The neon sign of a small diner glowing at night', caption: 'The diner at the centre of the film.', hue: 330 },
  },
  {
    key: 'theatre-season',
    section: 'culture',
    authors: ['eleanor-marsh'],
    topics: [],
    editions: ['uk', 'us'],
    hoursAgo: 100,
    headline: 'Regional theatres bet on new writing for the winter season',
    standfirst: 'Five theatres outside the capital will open new plays in the same month, in a shared gamble that audiences want something they have not seen.',
    body: [
      'Five regional theatres will each open a new play in January, the first time they have coordinated a season around new writing.',
      'Artistic directors said that revivals of familiar titles had filled seats after the pandemic but left little room for new voices.',
      'Ticket prices for the new plays will be capped for people under 26, paid for by a shared fund.',
    ],
    hero: { alt: 'An empty theatre stage lit by a single spotlight', caption: 'A stage prepared for the first rehearsal of the season.', hue: 280 },
  },
];
