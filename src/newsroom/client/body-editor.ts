import { baseKeymap, setBlockType, toggleMark } from 'prosemirror-commands';
import { dropCursor } from 'prosemirror-dropcursor';
import { history, redo, undo } from 'prosemirror-history';
import { inputRules, textblockTypeInputRule, wrappingInputRule } from 'prosemirror-inputrules';
import { keymap } from 'prosemirror-keymap';
import type { Node as PMNode, NodeType } from 'prosemirror-model';
import { liftListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { EditorState, NodeSelection, TextSelection, type Command } from 'prosemirror-state';
import { EditorView, type NodeView } from 'prosemirror-view';
import { safeHref } from '../../content/browser.ts';
import { cleanPastedHtml } from './paste.ts';
import { schema } from './schema.ts';

/**
 * The body editor: ProseMirror with the block schema, undo history, the usual keys, a few
 * typing shortcuts ("## " for a heading, "> " for a quote, "- " and "1. " for lists), and
 * small forms inside figures, embeds and quotes for their own fields.
 */

const nodes = schema.nodes;

/** Fields a node keeps in attributes, edited in inputs inside its view. */
type Field = { attr: string; label: string; placeholder?: (node: PMNode) => string; multiline?: boolean };

function fieldsDom(fields: Field[], node: PMNode, onInput: (attr: string, value: string) => void) {
  const box = document.createElement('div');
  box.className = 'ed-fields';
  box.contentEditable = 'false';
  const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement>();
  for (const field of fields) {
    const label = document.createElement('label');
    label.textContent = field.label;
    const input = document.createElement(field.multiline ? 'textarea' : 'input');
    input.value = node.attrs[field.attr] ?? '';
    input.placeholder = field.placeholder?.(node) ?? '';
    input.dataset.attr = field.attr;
    input.addEventListener('input', () => onInput(field.attr, input.value));
    label.append(input);
    box.append(label);
    inputs.set(field.attr, input);
  }
  const update = (next: PMNode) => {
    for (const [attr, input] of inputs) if (document.activeElement !== input && input.value !== next.attrs[attr]) input.value = next.attrs[attr] ?? '';
  };
  return { box, update };
}

/** An atom block (figure, related story, embed) drawn by `draw`, with its fields underneath. */
function atomView(kind: string, fields: Field[], draw: (node: PMNode) => HTMLElement) {
  return (node: PMNode, view: EditorView, getPos: () => number | undefined): NodeView => {
    const dom = document.createElement('div');
    dom.className = `ed-atom ed-atom--${kind}`;
    let current = node;
    let drawn = draw(node);
    const { box, update } = fieldsDom(fields, node, (attr, value) => {
      const pos = getPos();
      if (pos !== undefined) view.dispatch(view.state.tr.setNodeMarkup(pos, null, { ...current.attrs, [attr]: value }));
    });
    dom.append(drawn, box);
    return {
      dom,
      update(next) {
        if (next.type !== current.type) return false;
        if (next.attrs.src !== current.attrs.src || next.attrs.headline !== current.attrs.headline || next.attrs.imageId !== current.attrs.imageId) {
          const fresh = draw(next);
          drawn.replaceWith(fresh);
          drawn = fresh;
        }
        current = next;
        update(next);
        return true;
      },
      stopEvent: (event) => box.contains(event.target as Node),
      ignoreMutation: () => true,
    };
  };
}

/** A block with text (quote, pull quote) and an attribution line under it. */
function attributedView(tag: string, kind: string) {
  return (node: PMNode, view: EditorView, getPos: () => number | undefined): NodeView => {
    const dom = document.createElement(tag);
    dom.className = `ed-${kind}`;
    const contentDOM = document.createElement('div');
    contentDOM.className = `ed-${kind}__text`;
    let current = node;
    const { box, update } = fieldsDom([{ attr: 'attribution', label: 'Attribution' }], node, (attr, value) => {
      const pos = getPos();
      if (pos !== undefined) view.dispatch(view.state.tr.setNodeMarkup(pos, null, { ...current.attrs, [attr]: value }));
    });
    dom.append(contentDOM, box);
    return {
      dom,
      contentDOM,
      update(next) {
        if (next.type !== current.type) return false;
        current = next;
        update(next);
        return true;
      },
      stopEvent: (event) => box.contains(event.target as Node),
      ignoreMutation: (mutation) => box.contains(mutation.target),
    };
  };
}

function figure(node: PMNode) {
  const el = document.createElement('div');
  el.className = 'ed-figure';
  if (node.attrs.src) {
    const img = document.createElement('img');
    img.src = node.attrs.src;
    img.alt = '';
    el.append(img);
  } else {
    el.textContent = 'Image';
  }
  return el;
}

function label(text: string, detail: string) {
  return () => {
    const el = document.createElement('div');
    el.className = 'ed-atom__label';
    el.innerHTML = '<strong></strong> <span></span>';
    el.querySelector('strong')!.textContent = text;
    el.querySelector('span')!.textContent = detail;
    return el;
  };
}

const nodeViews = {
  image: atomView(
    'image',
    [
      { attr: 'alt', label: 'Alt text (describe the picture)', placeholder: (n) => (n.attrs.libraryAlt as string) || 'Required before publishing' },
      { attr: 'caption', label: 'Caption' },
      { attr: 'credit', label: 'Credit' },
    ],
    figure,
  ),
  related: atomView('related', [], (node) => label('Related story:', node.attrs.headline || node.attrs.articleId)()),
  embed: atomView(
    'embed',
    [
      { attr: 'url', label: 'Address of the embedded page (https)' },
      { attr: 'title', label: 'Title' },
    ],
    label('Embed', 'shown to readers as a link, no outside script'),
  ),
  divider: () => {
    const dom = document.createElement('div');
    dom.className = 'ed-divider';
    dom.append(document.createElement('hr'));
    return { dom };
  },
  quote: attributedView('blockquote', 'quote'),
  pullquote: attributedView('aside', 'pullquote'),
};

function rules() {
  return inputRules({
    rules: [
      textblockTypeInputRule(/^##\s$/, nodes.heading, { level: 2 }),
      textblockTypeInputRule(/^###\s$/, nodes.heading, { level: 3 }),
      textblockTypeInputRule(/^>\s$/, nodes.quote),
      wrappingInputRule(/^\s*([-+*])\s$/, nodes.bullet_list),
      wrappingInputRule(/^(\d+)\.\s$/, nodes.ordered_list),
    ],
  });
}

export function createBodyEditor(mount: HTMLElement, doc: PMNode, onChange: (doc: PMNode) => void, onSelection: () => void): EditorView {
  const state = EditorState.create({
    doc,
    plugins: [
      rules(),
      keymap({
        'Mod-z': undo,
        'Shift-Mod-z': redo,
        'Mod-y': redo,
        'Mod-b': toggleMark(schema.marks.bold),
        'Mod-i': toggleMark(schema.marks.italic),
        Enter: splitListItem(nodes.list_item),
        'Shift-Tab': liftListItem(nodes.list_item),
      }),
      keymap(baseKeymap),
      history(),
      dropCursor(),
    ],
  });
  const view: EditorView = new EditorView(mount, {
    state,
    nodeViews,
    transformPastedHTML: cleanPastedHtml,
    attributes: { class: 'ed-body', role: 'textbox', 'aria-multiline': 'true', 'aria-label': 'Article body' },
    dispatchTransaction(tr) {
      view.updateState(view.state.apply(tr));
      if (tr.docChanged) onChange(view.state.doc);
      onSelection();
    },
  });
  return view;
}

// Toolbar commands

export const commands = {
  bold: toggleMark(schema.marks.bold),
  italic: toggleMark(schema.marks.italic),
  paragraph: setBlockType(nodes.paragraph),
  heading2: setBlockType(nodes.heading, { level: 2 }),
  heading3: setBlockType(nodes.heading, { level: 3 }),
  quote: setBlockType(nodes.quote),
  pullquote: setBlockType(nodes.pullquote),
  bulletList: wrapInList(nodes.bullet_list),
  orderedList: wrapInList(nodes.ordered_list),
  liftList: liftListItem(nodes.list_item),
  undo,
  redo,
} satisfies Record<string, Command>;

/** Links the selected text to `href` (refused unless safe), or removes the link when href is empty. */
export function setLink(view: EditorView, raw: string): string | null {
  const { from, to, empty } = view.state.selection;
  const type = schema.marks.link;
  if (!raw.trim()) {
    view.dispatch(view.state.tr.removeMark(from, to, type));
    return null;
  }
  const href = safeHref(raw);
  if (!href) return 'Links must start with https://, http:// or mailto:, or be a path on this site.';
  if (empty) return 'Select the words to link first.';
  view.dispatch(view.state.tr.removeMark(from, to, type).addMark(from, to, type.create({ href })));
  return null;
}

/**
 * Puts a block (figure, related story, embed, divider) after the block the cursor is in (in
 * place of it when that is an empty paragraph), with an empty paragraph after it where typing
 * carries on: a second insert never replaces the first.
 */
export function insertBlock(view: EditorView, type: NodeType, attrs: Record<string, unknown> = {}) {
  const { state } = view;
  const selection = state.selection;
  const topLevelNode = selection instanceof NodeSelection && selection.$from.depth === 0;
  const start = topLevelNode ? selection.from : selection.$from.before(1);
  const end = topLevelNode ? selection.to : selection.$from.after(1);
  const current = state.doc.nodeAt(start);
  const replaceEmpty = !!current && current.isTextblock && current.content.size === 0;
  const node = type.create(attrs);
  const blocks = [node, nodes.paragraph.create()];
  const tr = replaceEmpty ? state.tr.replaceWith(start, end, blocks) : state.tr.insert(end, blocks);
  const cursor = (replaceEmpty ? start : end) + node.nodeSize + 1;
  view.dispatch(tr.setSelection(TextSelection.create(tr.doc, cursor)).scrollIntoView());
  view.focus();
}

export const isActive = (view: EditorView, command: Command) => command(view.state);
