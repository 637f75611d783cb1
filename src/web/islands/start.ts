import { h, hydrate, render, type ComponentType } from 'preact';

/**
 * An island module: its component, and optionally `prepare`, which fetches what the component
 * needs before it takes over the server's markup (the comments: the reader's own state).
 */
export interface IslandModule {
  // Each island names its own props; the loader passes the JSON the server rendered it with.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  default: ComponentType<any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  prepare?: (props: any) => Promise<object>;
}
export type IslandRegistry = Record<string, () => Promise<IslandModule>>;

/**
 * Finds server-rendered islands and hydrates each one when it scrolls into view or when the
 * browser is idle, loading that island's code only then.
 */
export function startIslands(registry: IslandRegistry): void {
  async function wake(element: HTMLElement): Promise<void> {
    const load = registry[element.dataset.island ?? ''];
    if (!load) return;
    const { default: Component, prepare } = await load();
    const props = JSON.parse(element.dataset.props ?? '{}');
    if (prepare) {
      // Drawn in place of the server's markup once its data is in, in one task (no paint in
      // between): the reader sees the same comments, now with their buttons.
      const ready = await prepare(props);
      element.replaceChildren();
      render(h(Component, ready), element);
      return;
    }
    const vnode = h(Component, props);
    // 'now' islands (the editor) are drawn by the browser alone: the server sent a placeholder.
    if (element.dataset.hydrate === 'now') {
      element.textContent = '';
      render(vnode, element);
    } else {
      hydrate(vnode, element);
    }
  }

  const idle = (work: () => void) => ('requestIdleCallback' in window ? requestIdleCallback(work, { timeout: 2000 }) : setTimeout(work, 200));

  const visible = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        visible.unobserve(entry.target);
        void wake(entry.target as HTMLElement);
      }
    },
    { rootMargin: '200px' },
  );

  for (const element of document.querySelectorAll<HTMLElement>('[data-island]')) {
    if (element.dataset.hydrate === 'visible') visible.observe(element);
    else if (element.dataset.hydrate === 'now') void wake(element);
    else idle(() => void wake(element));
  }
}
