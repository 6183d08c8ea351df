import * as Y from 'yjs';
import type { ReportBlock } from './blocks.ts';

/**
 * Rich text as the editor stores it (Tiptap through y-prosemirror: paragraphs, headings, bullet and ordered lists)
 * flattened into report blocks. Inline marks (bold, links) are dropped: the report keeps the words.
 */
export function richTextBlocks(fragment: Y.XmlFragment): ReportBlock[] {
  const blocks: ReportBlock[] = [];
  for (const node of fragment.toArray()) {
    if (!(node instanceof Y.XmlElement)) {
      pushParagraph(blocks, node instanceof Y.XmlText ? plain(node) : '');
      continue;
    }
    if (node.nodeName === 'bulletList' || node.nodeName === 'orderedList') {
      const items = node
        .toArray()
        .map((item) => (item instanceof Y.XmlElement ? textOf(item) : ''))
        .filter((item) => item.trim() !== '');
      if (items.length > 0) {
        blocks.push({ kind: 'list', ordered: node.nodeName === 'orderedList', items });
      }
      continue;
    }
    pushParagraph(blocks, textOf(node));
  }
  return blocks;
}

/** The plain words of a rich-text section, one paragraph per line (for table cells). */
export function richTextPlain(fragment: Y.XmlFragment): string {
  return richTextBlocks(fragment)
    .flatMap((block) => (block.kind === 'paragraph' ? [block.text] : block.kind === 'list' ? block.items : []))
    .join('\n');
}

function pushParagraph(blocks: ReportBlock[], text: string): void {
  if (text.trim() !== '') {
    blocks.push({ kind: 'paragraph', text });
  }
}

function plain(text: Y.XmlText): string {
  return (text.toDelta() as { insert?: unknown }[])
    .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
    .join('');
}

/** The words of an element and its children; block children are separated by a space. */
function textOf(element: Y.XmlElement): string {
  const parts: string[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      parts.push(plain(child));
    } else if (child instanceof Y.XmlElement) {
      parts.push(child.nodeName === 'hardBreak' ? ' ' : textOf(child));
    }
  }
  const joiner = element.toArray().some((c) => c instanceof Y.XmlElement && c.nodeName !== 'hardBreak') ? ' ' : '';
  return parts.join(joiner).replace(/\s+/g, ' ').trim();
}
