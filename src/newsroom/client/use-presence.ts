import { useEffect, useState } from 'preact/hooks';
import { api } from './api.ts';

/** Who else has this article open: this page says it is here every 15 seconds, and that it leaves when it goes. */
export function usePresence(articleId: string): string[] {
  const [editors, setEditors] = useState<string[]>([]);
  useEffect(() => {
    const beat = () =>
      api<{ editors: string[] }>('POST', `/newsroom/api/articles/${articleId}/presence`, {})
        .then((r) => setEditors(r.editors))
        .catch(() => undefined);
    void beat();
    const timer = setInterval(() => void beat(), 15_000);
    const leave = () => void api('POST', `/newsroom/api/articles/${articleId}/presence`, { leaving: true }, { keepalive: true }).catch(() => undefined);
    window.addEventListener('pagehide', leave);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', leave);
    };
  }, []);
  return editors;
}
