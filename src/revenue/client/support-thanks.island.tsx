import { useEffect } from 'preact/hooks';
import { afterContribution } from './memory.ts';
import { keep, recall } from './store.ts';

/** On the thank-you page: this browser now belongs to a supporter, who is asked less for a year. */
export default function SupportThanks() {
  useEffect(() => keep(afterContribution(recall(), Date.now())), []);
  return null;
}
