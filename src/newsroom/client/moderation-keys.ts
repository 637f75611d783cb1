/**
 * Keyboard for the moderation queue, added to the server's plain forms: j and k move between
 * comments, a approves, r puts the cursor in the reason to reject (Enter sends it), h opens the
 * reader's history. Keys typed into a field are the field's.
 */
export function moderationKeys(root: HTMLElement): void {
  const items = () => [...root.querySelectorAll<HTMLElement>('[data-moderation-item]')];
  let index = -1;
  const focus = (next: number) => {
    const list = items();
    if (!list.length) return;
    index = Math.max(0, Math.min(list.length - 1, next));
    list[index]!.focus();
    list[index]!.scrollIntoView({ block: 'nearest' });
  };
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (event.ctrlKey || event.metaKey || event.altKey || target.closest('input, textarea, select')) return;
    const current = items()[index] ?? (target.closest('[data-moderation-item]') as HTMLElement | null);
    const press = (key: string) => current?.querySelector<HTMLElement>(`[data-key="${key}"]`);
    switch (event.key) {
      case 'j':
        focus(index + 1);
        break;
      case 'k':
        focus(index - 1);
        break;
      case 'a':
        press('a')?.click();
        break;
      case 'r':
        press('r')?.focus();
        break;
      case 'h':
        press('h')?.click();
        break;
      default:
        return;
    }
    event.preventDefault();
  });
}
