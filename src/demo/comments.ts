/**
 * The demo's discussion: invented readers talking about the housing story, so a new site shows
 * threads, replies and recommendations. Every word here is our own.
 */
export const DEMO_READERS = [
  { key: 'ruth', name: 'Ruth in Leeds', email: 'ruth.demo@readers.example' },
  { key: 'sam', name: 'Sam Okafor', email: 'sam.demo@readers.example' },
  { key: 'gwen', name: 'Gwen P.', email: 'gwen.demo@readers.example' },
];

export interface DemoComment {
  by: string;
  text: string;
  /** Index of the comment this one answers, earlier in the list. */
  replyTo?: number;
  minutesAfter: number;
  recommends: number;
}

export const DEMO_DISCUSSION: { article: string; comments: DemoComment[] } = {
  article: 'housing-targets',
  comments: [
    {
      by: 'ruth',
      text: 'Our council has had two planning officers for a district of 90,000 people for three years now. A map is fine, but someone has to draw it.',
      minutesAfter: 25,
      recommends: 14,
    },
    {
      by: 'sam',
      text: '> someone has to draw it\n\nThe article says the money for officers is "under review". That usually means no.',
      replyTo: 0,
      minutesAfter: 41,
      recommends: 6,
    },
    {
      by: 'gwen',
      text: 'Letting developers go straight to the inspectorate feels like the real story here. Residents lose the one meeting where they can speak.',
      minutesAfter: 58,
      recommends: 9,
    },
    {
      by: 'ruth',
      text: 'Fair point, though in our town the meetings were mostly about parking. The sites themselves were never up for debate.',
      replyTo: 2,
      minutesAfter: 73,
      recommends: 3,
    },
    {
      by: 'sam',
      text: 'For anyone curious, the planning inspectorate publishes its appeal decisions: https://www.gov.uk/appeal-planning-decision',
      minutesAfter: 96,
      recommends: 2,
    },
  ],
};
