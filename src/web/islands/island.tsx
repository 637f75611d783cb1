import type { ComponentChildren } from 'preact';

/**
 * Marks a server-rendered part of the page as an island: the client loader hydrates it with
 * the named component and these props when it becomes visible or the browser is idle. All
 * other markup ships no JavaScript.
 */
export function Island({ name, hydrate, props, children }: { name: string; hydrate: 'visible' | 'idle' | 'now'; props: object; children: ComponentChildren }) {
  return (
    <div data-island={name} data-hydrate={hydrate} data-props={JSON.stringify(props)} class="island">
      {children}
    </div>
  );
}
