import { useEffect } from 'preact/hooks';
import type { Fields } from './fields.ts';
import type { Saver } from './saver.ts';

/** Ctrl+S (⌘S) saves now instead of saving the page; leaving with changes not yet sent asks first. */
export function useSaveShortcuts(saver: Saver<Fields>): void {
  useEffect(() => {
    const keys = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key === 's') {
        e.preventDefault();
        void saver.flush().catch(() => undefined);
      }
    };
    window.addEventListener('keydown', keys);
    const unload = (e: BeforeUnloadEvent) => {
      if (saver.hasChanges) e.preventDefault();
    };
    window.addEventListener('beforeunload', unload);
    return () => {
      window.removeEventListener('keydown', keys);
      window.removeEventListener('beforeunload', unload);
    };
  }, []);
}
