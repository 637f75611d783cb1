import { reviveMemory, type AskMemory } from './memory.ts';

const KEY = 'masthead.support';

/** This browser's memory for support asks, from localStorage (a fresh one if absent or damaged). */
export function recall(): AskMemory {
  let raw: unknown = null;
  try {
    raw = JSON.parse(localStorage.getItem(KEY) ?? 'null');
  } catch {
    raw = null;
  }
  return reviveMemory(raw, () => crypto.randomUUID().replaceAll('-', ''));
}

export function keep(memory: AskMemory): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(memory));
  } catch {
    // Storage full or refused: asks work without memory, only less well targeted.
  }
}
