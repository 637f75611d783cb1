import { entriesBy, type DemoLiveBlog } from './blog.ts';

const priya = entriesBy('priya-raman');
const eleanor = entriesBy('eleanor-marsh');

/** An invented storm on an invented estuary, still being covered: the demo's open live blog. Our own words. */
export const ESTUARY_STORM: DemoLiveBlog = {
  article: {
    key: 'estuary-storm-live',
    section: 'climate',
    authors: ['priya-raman'],
    topics: ['energy'],
    editions: ['uk', 'us'],
    hoursAgo: 3,
    headline: 'Storm Wendell reaches the Calder estuary: live updates',
    standfirst: 'High tide, gale-force winds and a flood barrier closed for the first time in six years. Follow the latest as the storm passes.',
    body: ['Storm Wendell is crossing the Calder estuary this evening. This page is updated as news comes in; the key events are at the top.'],
    hero: { alt: 'Grey waves breaking over a harbour wall under a dark sky', caption: 'Waves at the Calder harbour wall this afternoon.', hue: 195 },
  },
  entries: [
    priya(0, { title: 'What we know so far' }, 'Forecasters expect gusts of up to 80mph around high tide, due just after seven this evening.'),
    priya(14, 'The ferry to Inchmere has been cancelled for the rest of the day. The operator says it will review sailings at dawn.'),
    eleanor(
      27,
      { title: 'Flood barrier to close', keyEvent: true },
      'The estuary authority says it will close the Calder barrier at five, the first closure since the winter of the big surge.',
    ),
    priya(
      39,
      '> "Stay away from the sea front. A wave that looks small from the promenade can knock you off your feet."\n>\n> — The harbour master, in a message to residents',
    ),
    eleanor(52, 'Three schools on the low-lying east bank have told parents they will open late tomorrow.'),
    priya(
      66,
      {
        title: 'The barrier is closed',
        keyEvent: true,
        picture: { hue: 205, alt: 'Steel gates of a flood barrier closed across a wide river', caption: 'The Calder barrier, closed this evening.' },
      },
      'Its ten gates swung shut at 5.04pm. Engineers will stay on site until the tide turns.',
    ),
    priya(80, 'Around 4,000 homes are without power after a line came down near Fenby. The network operator says crews are on their way.'),
    eleanor(
      95,
      { title: 'Roads closed' },
      'The council has closed these roads until further notice:',
      '- The coast road between Fenby and Sallow Point\n- Quay Street in Calder town centre\n- The causeway to Inchmere',
    ),
    priya(112, 'Wind speeds are easing in the west of the estuary, but the strongest gusts are still to come on the east bank.'),
    eleanor(130, 'A rest centre has opened at Calder community college for anyone asked to leave their home.'),
    priya(
      148,
      { title: 'Evacuation on the east bank', keyEvent: true },
      'Emergency services are asking residents of forty homes on Marsh Lane to leave before high tide.',
    ),
    priya(165, 'High tide is now less than an hour away. We will bring you the water levels as they are published.'),
  ],
};
