import { useEffect } from 'preact/hooks';

/**
 * Edition links. On the server they are plain links; once hydrated, choosing an edition also
 * remembers it, so `/` sends the reader to that edition next time.
 */
export interface EditionSwitchProps {
  current: string;
  editions: { code: string; name: string; url: string }[];
}

const YEAR = 60 * 60 * 24 * 365;

export function rememberEdition(code: string): void {
  document.cookie = `edition=${encodeURIComponent(code)}; path=/; max-age=${YEAR}; samesite=lax`;
}

export function EditionSwitch({ current, editions }: EditionSwitchProps) {
  // Landing on an edition's front page is a choice too.
  useEffect(() => {
    if (editions.some((edition) => edition.code === current && new URL(edition.url).pathname === location.pathname)) rememberEdition(current);
  }, []);
  return (
    <nav class="editions" aria-label="Edition">
      <ul>
        {editions.map((edition) => (
          <li>
            <a href={edition.url} aria-current={edition.code === current ? 'page' : undefined} onClick={() => rememberEdition(edition.code)}>
              {edition.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export default EditionSwitch;
