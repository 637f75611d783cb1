import type { DemoArticle } from './articles/article.ts';
import { BUSINESS_CLIMATE_ARTICLES } from './articles/business-and-climate.ts';
import { CULTURE_ARTICLES } from './articles/culture.ts';
import { WORLD_ARTICLES } from './articles/world.ts';
import { ELECTION_NIGHT } from './live/election-night.ts';
import { ESTUARY_STORM } from './live/estuary-storm.ts';

export type { DemoArticle };

/** Every demo article, section by section, in the order the seed publishes them; the live blogs' articles last. */
export const DEMO_ARTICLES: DemoArticle[] = [
  ...WORLD_ARTICLES,
  ...BUSINESS_CLIMATE_ARTICLES,
  ...CULTURE_ARTICLES,
  ELECTION_NIGHT.article,
  ESTUARY_STORM.article,
];
