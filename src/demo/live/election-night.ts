import { entriesBy, type DemoLiveBlog } from './blog.ts';

const eleanor = entriesBy('eleanor-marsh');
const tomasz = entriesBy('tomasz-wojcik');
const priya = entriesBy('priya-raman');
const daniel = entriesBy('daniel-reyes');

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
    eleanor(
      0,
      { title: 'Welcome to election night' },
      'Polls close at ten. Sixty seats, five counts, and no party expected to win outright. Stay with us through the night.',
    ),
    tomasz(
      18,
      'A reminder of the arithmetic: 31 seats for a majority. The Harbour Party holds 27 going in, the Civic Alliance 19, Green Valleys 9, independents 5.',
    ),
    eleanor(
      30,
      { title: 'Polls have closed', keyEvent: true },
      'Ballot boxes are now on their way to the five counting halls. No exit poll here: we wait for real votes.',
    ),
    priya(41, 'At the Fenwick count the first boxes are being tipped out. Staff say the postal votes were sorted this afternoon.'),
    tomasz(
      55,
      { title: 'Turnout so far' },
      'Early turnout figures from the returning officers:',
      '- Fenwick: 48%\n- Harrowgate: 44%\n- Lowther Vale: 51%\n- Stainby: 39%\n- Crossmere: not yet declared',
    ),
    eleanor(70, '> "We will not be making predictions before the first result, and neither should you."\n>\n> — A Harbour Party organiser at Harrowgate'),
    priya(
      86,
      {
        picture: {
          hue: 220,
          alt: 'A line of people in raincoats outside a brick hall at night',
          caption: 'Volunteers waiting outside the Lowther Vale count.',
        },
      },
      'Rain has not kept the tellers away. Outside Lowther Vale the queue of party volunteers reaches the car park.',
    ),
    daniel(
      101,
      'Watching from abroad? Northmoor elects its assembly by first past the post in sixty single-member seats. Nothing is decided until the last seat.',
    ),
    tomasz(
      118,
      { title: 'First result: Stainby North', keyEvent: true },
      'Civic Alliance gain from the Harbour Party, by 412 votes. A swing of about six points.',
    ),
    eleanor(126, 'That Stainby result will worry the Harbour Party: it held the seat for twenty years. Its candidate left the hall without speaking.'),
    tomasz(140, 'Two more declarations in Stainby, both holds: Green Valleys in Stainby Moor, the Harbour Party in Stainby Town.'),
    priya(157, 'Green Valleys say they are confident of holding their four seats in Lowther Vale. They expect results after two.'),
    eleanor(
      171,
      { title: 'Recount in Fenwick East' },
      'The returning officer has granted a recount. Fewer than thirty votes are said to separate the first two.',
    ),
    tomasz(
      188,
      { title: 'The state of play' },
      'With twelve seats declared:',
      '1. Harbour Party: 5\n2. Civic Alliance: 4\n3. Green Valleys: 2\n4. Independents: 1',
    ),
    daniel(203, 'Markets will not move much on a regional vote, but the ports lobby is watching: the Civic Alliance has promised to review harbour fees.'),
    priya(219, { keyEvent: true }, 'Lowther Vale declares all four of its first seats at once, a sweep for Green Valleys.'),
    eleanor(
      232,
      '> "People here want the river cleaned up before they want anything else. Tonight they said it loudly."\n>\n> — The Green Valleys leader, after the Lowther Vale results',
    ),
    eleanor(246, 'The Fenwick East recount is finished: the Harbour Party holds on by nineteen votes.'),
    tomasz(262, 'Harrowgate is counting slowly. Officials blame a late delivery of boxes from two rural polling stations.'),
    tomasz(
      281,
      { title: 'Harbour Party can no longer win a majority', keyEvent: true },
      'With 38 seats declared it has 15, and only 14 of the remaining 22 are seats it held. The assembly will be hung.',
    ),
    eleanor(296, 'The Harbour Party leader arrives at Harrowgate and tells waiting reporters only that "the night is not over".'),
    priya(
      312,
      { picture: { hue: 30, alt: 'Ballot papers in bundles on a trestle table', caption: 'Bundles of fifty ready for the final check in Crossmere.' } },
      'Dawn is not far off. The Crossmere count has just begun its final bundle checks.',
    ),
    daniel(330, 'Both larger parties have ruled out a formal coalition with each other. That leaves the smaller parties with the keys.'),
    tomasz(351, 'Crossmere declares: three Civic Alliance gains, one independent hold.'),
    eleanor(374, 'Harrowgate results come in a rush. The Harbour Party holds six of its eight seats there.'),
    tomasz(398, { title: 'All sixty seats declared' }, 'The last seat, Harrowgate West, goes to an independent by 204 votes. The final tally follows.'),
    eleanor(
      402,
      { title: 'Final result', keyEvent: true },
      'Harbour Party 24, Civic Alliance 18, Green Valleys 13, independents 5. No majority; talks begin on Monday.',
    ),
    eleanor(420, '> "We lost seats, and we heard why. We will talk to anyone who wants the assembly to work."\n>\n> — The Harbour Party leader, at Harrowgate'),
    eleanor(
      470,
      { title: 'The result in short', pinned: true },
      'No party has a majority in the new Northmoor assembly.',
      '- Harbour Party 24 (down 3)\n- Civic Alliance 18 (down 1)\n- Green Valleys 13 (up 4)\n- Independents 5 (no change)',
      'Turnout across the region was 46%.',
    ),
    tomasz(
      540,
      { title: 'We are closing this live blog' },
      'Thank you for staying with us. Our analysis of what the result means for the ports and the river follows this morning.',
    ),
  ],
};
