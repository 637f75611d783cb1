import { markdownToBlocks, sitePages, type ContentEvents } from '../content/index.ts';
import type { Database } from '../platform/db/database.ts';

/**
 * The demo site's own pages, in our own words and kept short: what a reader looks for in the
 * footer of a site with accounts, comments and contributions. Placeholders, not legal advice.
 */
export const DEMO_PAGES: { slug: string; title: string; summary: string; body: string }[] = [
  {
    slug: 'about',
    title: 'About us',
    summary: 'Who writes The Masthead, and who pays for it.',
    body: [
      'The Masthead is a small, independent newsroom reporting for readers in the UK and the US. Every article is free to read.',
      'Our reporters and editors decide what we cover. Readers who can afford to contribute pay for the work; no advertiser and no owner tells us what to write.',
      '## How we work',
      'We name our sources where we can, explain why when we cannot, and correct our mistakes in the open.',
    ].join('\n\n'),
  },
  {
    slug: 'contact',
    title: 'Contact',
    summary: 'How to reach the newsroom.',
    body: [
      'Tips and story ideas: write to [news@masthead.example](mailto:news@masthead.example). Tell us how to reach you and how sure you are.',
      'Mistakes in an article: see our [corrections policy](/info/corrections), then write to [corrections@masthead.example](mailto:corrections@masthead.example).',
      'Your account, your data or a contribution: [help@masthead.example](mailto:help@masthead.example).',
    ].join('\n\n'),
  },
  {
    slug: 'privacy',
    title: 'Privacy notice',
    summary: 'What we keep about you, why, and how to take it back.',
    body: [
      'Reading The Masthead needs no account, and we do not follow you around the web.',
      '## What we keep',
      '- With an account: your e-mail address, the name you show, your comments and the choices you made when registering.\n- When you contribute: your e-mail address and the amounts; card details stay with the payment provider.\n- For alerts: the subscription your browser gives us, nothing else.',
      '## Your rights',
      'From your account page you can download everything we hold about you, or delete your account and all of it. Questions: [privacy@masthead.example](mailto:privacy@masthead.example).',
    ].join('\n\n'),
  },
  {
    slug: 'terms',
    title: 'Terms of use',
    summary: 'The ground rules for using this site.',
    body: [
      'You may read, link to and quote our articles with credit. Republishing an article whole needs our written agreement.',
      'If you post a comment you keep its copyright, and you let us show it beside the article. Follow our [community standards](/info/community-standards).',
      'This demo is software for testing a newsroom: its stories are invented.',
    ].join('\n\n'),
  },
  {
    slug: 'community-standards',
    title: 'Community standards',
    summary: 'What makes a good comment here, and what we take down.',
    body: [
      'Comments are for readers to add what they know, argue in good faith and ask questions.',
      '## We remove',
      '- abuse, threats and hatred aimed at anyone, including our writers;\n- other people’s personal details;\n- spam, advertising and comments off the subject of the article.',
      'Moderators may hold a comment for review, and may suspend an account that keeps breaking these rules. Report a comment with the button beside it.',
    ].join('\n\n'),
  },
  {
    slug: 'corrections',
    title: 'Corrections policy',
    summary: 'How we put mistakes right.',
    body: [
      'When we get something wrong we fix the article and say so at its foot: what was wrong, what is right, and when we changed it.',
      'Small slips (a misspelt name, a typing error) are corrected without a note. We never change an article quietly to alter its meaning.',
      'Tell us about an error at [corrections@masthead.example](mailto:corrections@masthead.example).',
    ].join('\n\n'),
  },
];

/** Publishes the demo pages through the same service the Admin API uses. */
export async function seedPages(content: { database: Database; events: ContentEvents }, now: Date): Promise<void> {
  for (const page of DEMO_PAGES) {
    await sitePages.createPage(
      content,
      { title: page.title, slug: page.slug, summary: page.summary, body: markdownToBlocks(page.body), publish: true },
      { actor: 'demo', now },
    );
  }
}
