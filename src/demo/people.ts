/** The demo newsroom: invented people, sections and topics. Every word here is our own. */

export const DEMO_AUTHORS = [
  {
    slug: 'maya-okonkwo',
    name: 'Maya Okonkwo',
    title: 'Asia-Pacific correspondent',
    bio: 'Maya reports on diplomacy and trade across the Pacific from a base in Singapore. Before that she covered regional courts for eight years.',
  },
  {
    slug: 'daniel-reyes',
    name: 'Daniel Reyes',
    title: 'Washington correspondent',
    bio: 'Daniel covers Congress, the White House and the campaigns that decide both. He grew up in El Paso and still judges every city by its breakfast tacos.',
  },
  {
    slug: 'eleanor-marsh',
    name: 'Eleanor Marsh',
    title: 'UK political editor',
    bio: 'Eleanor has followed Westminster through five prime ministers. She writes about how policy lands in the towns that vote on it.',
  },
  {
    slug: 'tomasz-wojcik',
    name: 'Tomasz Wójcik',
    title: 'Economics editor',
    bio: 'Tomasz explains interest rates, wages and the prices people pay. He trained as a statistician and distrusts any chart without a source.',
  },
  {
    slug: 'priya-raman',
    name: 'Priya Raman',
    title: 'Environment correspondent',
    bio: 'Priya reports on energy, weather and the long work of cutting emissions, from offshore wind yards to flooded high streets.',
  },
];

export const DEMO_SECTIONS = [
  { slug: 'news', name: 'News', parent: null, position: 1, description: 'Reporting from home and abroad.' },
  { slug: 'world', name: 'World', parent: 'news', position: 1, description: 'News from around the world.' },
  { slug: 'americas', name: 'Americas', parent: 'world', position: 1, description: 'North, Central and South America.' },
  { slug: 'us-politics', name: 'US politics', parent: 'americas', position: 1, description: 'Washington, the states and the campaigns.' },
  { slug: 'asia-pacific', name: 'Asia Pacific', parent: 'world', position: 2, description: 'From the Indian Ocean to the Pacific islands.' },
  { slug: 'uk-news', name: 'UK news', parent: 'news', position: 2, description: 'Politics and public life across the four nations.' },
  { slug: 'business', name: 'Business', parent: null, position: 2, description: 'Companies, markets and the economy.' },
  { slug: 'climate', name: 'Climate', parent: null, position: 3, description: 'Energy, weather and the environment.' },
  { slug: 'culture', name: 'Culture', parent: null, position: 4, description: 'Books, stage, screen and the arts.' },
];

export const DEMO_TOPICS = [
  { slug: 'diplomacy', name: 'Diplomacy', description: 'Summits, treaties and the conversations between governments.' },
  { slug: 'elections', name: 'Elections', description: 'Campaigns, polls and results.' },
  { slug: 'energy', name: 'Energy', description: 'Power, fuel and the grid.' },
  { slug: 'housing', name: 'Housing', description: 'Homes, rents and planning.' },
  { slug: 'trade', name: 'Trade', description: 'Tariffs, supply chains and the flow of goods.' },
  { slug: 'public-health', name: 'Public health', description: 'Hospitals, medicine and the health of populations.' },
];
