import type { DemoLiveBlog } from './blog.ts';

const E = ['eleanor-marsh'];
const T = ['tomasz-wojcik'];
const P = ['priya-raman'];
const D = ['daniel-reyes'];

/**
 * An invented election night, covered live and closed the morning after: an invented region,
 * invented parties, invented people and figures. Our own words throughout.
 */
export const ELECTION_NIGHT: DemoLiveBlog = {
  article: {
    key: 'election-night-live',
    section: 'uk-news',
    authors: ['eleanor-marsh', 'tomasz-wojcik'],
    topics: ['elections'],
    editions: ['uk', 'us'],
    hoursAgo: 34,
    headline: 'Northmoor assembly election night: results as they came in',
    standfirst: 'Five counting halls, sixty seats and a hung chamber by breakfast. Our live coverage of the night, now closed.',
    body: [
      'Voters across Northmoor chose a new regional assembly. This page followed the count through the night, hall by hall; the key events are listed at the top.',
    ],
    hero: { alt: 'Counting staff at long tables under bright lights in a sports hall', caption: 'The count at Harrowgate leisure centre.', hue: 265 },
    correction: 'An earlier version of this page gave the Civic Alliance 14 seats in its summary. It won 13.',
  },
  closedAt: 560,
  entries: [
    {
      at: 0,
      writers: E,
      title: 'Welcome to election night',
      body: ['Polls close at ten. Sixty seats, five counts, and no party expected to win outright. Stay with us through the night.'],
    },
    {
      at: 18,
      writers: T,
      body: [
        'A reminder of the arithmetic: 31 seats for a majority. The Harbour Party holds 27 going in, the Civic Alliance 19, Green Valleys 9, independents 5.',
      ],
    },
    {
      at: 30,
      writers: E,
      title: 'Polls have closed',
      body: ['Ballot boxes are now on their way to the five counting halls. No exit poll here: we wait for real votes.'],
      keyEvent: true,
    },
    { at: 41, writers: P, body: ['At the Fenwick count the first boxes are being tipped out. Staff say the postal votes were sorted this afternoon.'] },
    {
      at: 55,
      writers: T,
      title: 'Turnout so far',
      body: [
        'Early turnout figures from the returning officers:',
        '- Fenwick: 48%\n- Harrowgate: 44%\n- Lowther Vale: 51%\n- Stainby: 39%\n- Crossmere: not yet declared',
      ],
    },
    {
      at: 70,
      writers: E,
      body: ['> "We will not be making predictions before the first result, and neither should you."\n>\n> — A Harbour Party organiser at Harrowgate'],
    },
    {
      at: 86,
      writers: P,
      body: ['Rain has not kept the tellers away. Outside Lowther Vale the queue of party volunteers reaches the car park.'],
      picture: { hue: 220, alt: 'A line of people in raincoats outside a brick hall at night', caption: 'Volunteers waiting outside the Lowther Vale count.' },
    },
    {
      at: 101,
      writers: D,
      body: [
        'Watching from abroad? Northmoor elects its assembly by first past the post in sixty single-member seats. Nothing is decided until the last seat.',
      ],
    },
    {
      at: 118,
      writers: T,
      title: 'First result: Stainby North',
      body: ['Civic Alliance gain from the Harbour Party, by 412 votes. A swing of about six points.'],
      keyEvent: true,
    },
    {
      at: 126,
      writers: E,
      body: ['That Stainby result will worry the Harbour Party: it held the seat for twenty years. Its candidate left the hall without speaking.'],
    },
    { at: 140, writers: T, body: ['Two more declarations in Stainby, both holds: Green Valleys in Stainby Moor, the Harbour Party in Stainby Town.'] },
    { at: 157, writers: P, body: ['Green Valleys say they are confident of holding their four seats in Lowther Vale. They expect results after two.'] },
    {
      at: 171,
      writers: E,
      title: 'Recount in Fenwick East',
      body: ['The returning officer has granted a recount. Fewer than thirty votes are said to separate the first two.'],
    },
    {
      at: 188,
      writers: T,
      title: 'The state of play',
      body: ['With twelve seats declared:', '1. Harbour Party: 5\n2. Civic Alliance: 4\n3. Green Valleys: 2\n4. Independents: 1'],
    },
    {
      at: 203,
      writers: D,
      body: ['Markets will not move much on a regional vote, but the ports lobby is watching: the Civic Alliance has promised to review harbour fees.'],
    },
    { at: 219, writers: P, body: ['Lowther Vale declares all four of its first seats at once, a sweep for Green Valleys.'], keyEvent: true },
    {
      at: 232,
      writers: E,
      body: [
        '> "People here want the river cleaned up before they want anything else. Tonight they said it loudly."\n>\n> — The Green Valleys leader, after the Lowther Vale results',
      ],
    },
    { at: 246, writers: E, body: ['The Fenwick East recount is finished: the Harbour Party holds on by nineteen votes.'] },
    { at: 262, writers: T, body: ['Harrowgate is counting slowly. Officials blame a late delivery of boxes from two rural polling stations.'] },
    {
      at: 281,
      writers: T,
      title: 'Harbour Party can no longer win a majority',
      body: ['With 38 seats declared it has 15, and only 14 of the remaining 22 are seats it held. The assembly will be hung.'],
      keyEvent: true,
    },
    { at: 296, writers: E, body: ['The Harbour Party leader arrives at Harrowgate and tells waiting reporters only that "the night is not over".'] },
    {
      at: 312,
      writers: P,
      body: ['Dawn is not far off. The Crossmere count has just begun its final bundle checks.'],
      picture: { hue: 30, alt: 'Ballot papers in bundles on a trestle table', caption: 'Bundles of fifty ready for the final check in Crossmere.' },
    },
    { at: 330, writers: D, body: ['Both larger parties have ruled out a formal coalition with each other. That leaves the smaller parties with the keys.'] },
    { at: 351, writers: T, body: ['Crossmere declares: three Civic Alliance gains, one independent hold.'] },
    { at: 374, writers: E, body: ['Harrowgate results come in a rush. The Harbour Party holds six of its eight seats there.'] },
    {
      at: 398,
      writers: T,
      title: 'All sixty seats declared',
      body: ['The last seat, Harrowgate West, goes to an independent by 204 votes. The final tally follows.'],
    },
    {
      at: 402,
      writers: E,
      title: 'Final result',
      body: ['Harbour Party 24, Civic Alliance 18, Green Valleys 13, independents 5. No majority; talks begin on Monday.'],
      keyEvent: true,
    },
    {
      at: 420,
      writers: E,
      body: ['> "We lost seats, and we heard why. We will talk to anyone who wants the assembly to work."\n>\n> — The Harbour Party leader, at Harrowgate'],
    },
    {
      at: 470,
      writers: E,
      title: 'The result in short',
      body: [
        'No party has a majority in the new Northmoor assembly.',
        '- Harbour Party 24 (down 3)\n- Civic Alliance 18 (down 1)\n- Green Valleys 13 (up 4)\n- Independents 5 (no change)',
        'Turnout across the region was 46%.',
      ],
      pinned: true,
    },
    {
      at: 540,
      writers: T,
      title: 'We are closing this live blog',
      body: ['Thank you for staying with us. Our analysis of what the result means for the ports and the river follows this morning.'],
    },
  ],
};
