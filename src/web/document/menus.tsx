import type { EditionView, MenuLink, SiteView } from './model.ts';

/**
 * The header's sections bar: the edition's header menu. An item with sub-items gets a
 * disclosure (`<details>`) beside its link: it opens with a click, Enter or Space and works
 * without JavaScript, and screen readers announce it as a button that is expanded or not.
 */
export function SectionsMenu({ site, edition }: { site: SiteView; edition: EditionView }) {
  const items: MenuLink[] = edition.menus?.header ?? site.nav.map((s) => ({ label: s.name, url: s.url }));
  return (
    <ul class="sections__list">
      {items.map((item) => (
        <li class={item.children?.length ? 'sections__item sections__item--more' : 'sections__item'}>
          <a href={item.url}>{item.label}</a>
          {item.children?.length ? (
            <details class="sections__more">
              <summary>
                <span aria-hidden="true">▾</span>
                <span class="visually-hidden">More in {item.label}</span>
              </summary>
              <ul>
                {item.children.map((child) => (
                  <li>
                    <a href={child.url}>{child.label}</a>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The footer's links: the edition's footer menu (nothing when it has none). */
export function FooterMenu({ edition }: { edition: EditionView }) {
  const items = edition.menus?.footer ?? [];
  if (items.length === 0) return null;
  return (
    <nav class="footer-menu" aria-label="Site">
      <ul>
        {items.map((item) => (
          <li>
            <a href={item.url}>{item.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
