/**
 * Word's clipboard HTML marks list items as paragraphs with a hidden bullet or number in front
 * (`mso-list:Ignore`) and conditional comments around it. Turned back into real lists here,
 * before the schema's parse rules keep the structure and drop the styling; everything else
 * (Google Docs included) is already plain enough HTML.
 */
const isWordListItem = (el: Element) => el.tagName === 'P' && (/^MsoListParagraph/.test(el.className) || /mso-list:\s*l\d/.test(el.getAttribute('style') ?? ''));

export function cleanPastedHtml(html: string): string {
  if (!/mso-|urn:schemas-microsoft-com/.test(html)) return html;
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_COMMENT);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const comment of comments) comment.parentNode?.removeChild(comment);

  let list: HTMLElement | null = null;
  for (const p of [...doc.body.querySelectorAll('p')]) {
    if (!isWordListItem(p)) {
      list = null;
      continue;
    }
    const markers = [...p.querySelectorAll('span')].filter((s) => /mso-list:\s*Ignore/i.test(s.getAttribute('style') ?? ''));
    const marker = markers.map((m) => m.textContent ?? '').join('').trim();
    for (const m of markers) m.remove();
    const ordered = /^(\d+|[a-z]|[ivx]+)[.)]/i.test(marker);
    // A new list starts where the previous paragraph was not an item or the kind changes.
    if (!list || (list.tagName === 'OL') !== ordered || list.nextElementSibling !== p) {
      list = doc.createElement(ordered ? 'ol' : 'ul');
      p.before(list);
    }
    const item = doc.createElement('li');
    item.append(...p.childNodes);
    p.remove();
    list.append(item);
  }
  return doc.body.innerHTML;
}
