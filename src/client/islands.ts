import { h, hydrate, type ComponentType } from 'preact';

/**
 * The island loader, the only script every page loads. It finds server-rendered islands and
 * hydrates each one when it scrolls into view or when the browser is idle, loading that
 * island's code only then.
 */
const registry: Record<string, () => Promise<{ default: ComponentType<any> }>> = {
  'edition-switch': () => import('./edition-switch.island.tsx'),
  'account-menu': () => import('./account-menu.island.tsx'),
  'passkey-add': () => import('./passkey-add.island.tsx'),
  'passkey-sign-in': () => import('./passkey-sign-in.island.tsx'),
  'proof-of-work': () => import('./proof-of-work.island.tsx'),
};

async function wake(element: HTMLElement): Promise<void> {
  const load = registry[element.dataset.island ?? ''];
  if (!load) return;
  const { default: Component } = await load();
  hydrate(h(Component, JSON.parse(element.dataset.props ?? '{}')), element);
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
  else idle(() => void wake(element));
}
