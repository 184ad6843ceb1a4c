// Safe, minimal markdown: paragraphs, line breaks, - / 1. lists, **bold**, *italic*, `code`,
// [links](https://…). Builds DOM nodes with text nodes only, so HTML in the input stays text.

const LIST_ITEM = /^\s*(?:([-*•])|(\d+)[.)])\s+(.*)$/;

export function renderMarkdown(source: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  let list: HTMLUListElement | HTMLOListElement | null = null;

  const flushParagraph = () => {
    if (paragraph.length === 0) return;
    const p = document.createElement('p');
    paragraph.forEach((line, index) => {
      if (index > 0) p.append(document.createElement('br'));
      appendInline(p, line);
    });
    fragment.append(p);
    paragraph = [];
  };

  for (const line of lines) {
    const item = LIST_ITEM.exec(line);
    if (item) {
      flushParagraph();
      const ordered = item[2] !== undefined;
      const tag = ordered ? 'OL' : 'UL';
      if (!list || list.tagName !== tag) {
        list = document.createElement(ordered ? 'ol' : 'ul');
        if (ordered && item[2] !== '1') list.setAttribute('start', item[2]);
        fragment.append(list);
      }
      const li = document.createElement('li');
      appendInline(li, item[3]);
      list.append(li);
      continue;
    }
    list = null;
    if (line.trim() === '') {
      flushParagraph();
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      flushParagraph();
      const strong = document.createElement('p');
      strong.className = 'md-heading';
      appendInline(strong, heading[1]);
      fragment.append(strong);
      continue;
    }
    paragraph.push(line);
  }
  flushParagraph();
  return fragment;
}

// One pass over inline tokens; the earliest match wins.
const INLINE = /\*\*(.+?)\*\*|__(.+?)__|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|(?<![\w*])\*(?!\s)([^*]+?)\*(?!\w)|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;

function appendInline(parent: HTMLElement, text: string): void {
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) parent.append(text.slice(last, index));
    last = index + match[0].length;
    const [, bold, bold2, code, linkText, href, italic, bare] = match;
    if (bold !== undefined || bold2 !== undefined) {
      const strong = document.createElement('strong');
      appendInline(strong, bold ?? bold2 ?? '');
      parent.append(strong);
    } else if (code !== undefined) {
      const el = document.createElement('code');
      el.textContent = code;
      parent.append(el);
    } else if (linkText !== undefined) {
      parent.append(link(linkText, href ?? '') ?? match[0]);
    } else if (italic !== undefined) {
      const em = document.createElement('em');
      em.textContent = italic;
      parent.append(em);
    } else if (bare !== undefined) {
      parent.append(link(bare, bare) ?? bare);
    }
  }
  if (last < text.length) parent.append(text.slice(last));
}

/** Only http(s), mailto and same-origin relative links; anything else (javascript:, data:) stays text. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (/^(https?:|mailto:)/i.test(trimmed)) return trimmed;
  if (/^(\/(?!\/)|#)/.test(trimmed)) return trimmed;
  return null;
}

function link(text: string, href: string): HTMLAnchorElement | null {
  const safe = safeHref(href);
  if (!safe) return null;
  const a = document.createElement('a');
  a.href = safe;
  a.textContent = text;
  if (!safe.startsWith('/') && !safe.startsWith('#')) {
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
  }
  return a;
}
