/**
 * What is being dragged in the tool. Browsers let a drop target read the drag's data only on
 * drop, but the target must say on dragover whether it takes the drop, so the tool keeps
 * what it started dragging here too.
 */
export type Dragged = { kind: 'card'; container: number; card: number } | { kind: 'story'; id: string } | { kind: 'container'; index: number };

let dragging: Dragged | null = null;

export function startDrag(event: DragEvent, what: Dragged, label: string) {
  dragging = what;
  if (!event.dataTransfer) return;
  event.dataTransfer.effectAllowed = 'move';
  event.dataTransfer.setData('text/plain', label);
}

export const endDrag = () => void (dragging = null);

/** Lets a target take drops of the kinds it accepts. */
export function acceptDrag(event: DragEvent, kinds: Dragged['kind'][]): boolean {
  if (!dragging || !kinds.includes(dragging.kind)) return false;
  event.preventDefault();
  if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
  return true;
}

/** What was dropped, if it is of a kind this target takes. */
export function takeDrop(event: DragEvent, kinds: Dragged['kind'][]): Dragged | null {
  const what = dragging;
  if (!what || !kinds.includes(what.kind)) return null;
  event.preventDefault();
  event.stopPropagation();
  dragging = null;
  return what;
}
