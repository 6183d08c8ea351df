import { appendParagraphs } from '@crosswalk/shared';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { initProseMirrorDoc } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { passageOf, quoteOf, resolvePassage, type ProsemirrorMapping } from './anchors.ts';

const schema = getSchema([StarterKit]);

/** What an editor bound to the fragment would show now, with the mapping y-prosemirror keeps. */
function render(fragment: Y.XmlFragment): {
  doc: ReturnType<typeof initProseMirrorDoc>['doc'];
  mapping: ProsemirrorMapping;
} {
  const { doc, mapping } = initProseMirrorDoc(fragment, schema);
  return { doc, mapping: mapping as ProsemirrorMapping };
}

function positionsOf(text: string, fragment: Y.XmlFragment): { from: number; to: number } {
  const found: { from: number; to: number }[] = [];
  render(fragment).doc.descendants((node, pos) => {
    const at = node.isText ? (node.text ?? '').indexOf(text) : -1;
    if (at >= 0) {
      found.push({ from: pos + at, to: pos + at + text.length });
    }
  });
  const [first] = found;
  if (!first) {
    throw new Error(`"${text}" is not in the document`);
  }
  return first;
}

describe('a comment anchored to a passage', () => {
  it('keeps its passage when another person edits the text before it', () => {
    const mine = new Y.Doc();
    const fragment = mine.getXmlFragment('context.our_impact');
    appendParagraphs(fragment, ['Pupils read widely.', 'Reading at home is patchy in Year 4.']);

    const { doc, mapping } = render(fragment);
    const { from, to } = positionsOf('patchy in Year 4', fragment);
    const anchor = passageOf(doc, fragment, mapping, from, to);
    expect(anchor.quote).toBe('patchy in Year 4');

    // Someone else, in their own copy, adds a paragraph at the top and words just before the passage.
    const theirs = new Y.Doc();
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine));
    const theirFragment = theirs.getXmlFragment('context.our_impact');
    const first = new Y.XmlElement('paragraph');
    first.insert(0, [new Y.XmlText('Added by a colleague.')]);
    theirFragment.insert(0, [first]);
    const second = theirFragment.get(2) as Y.XmlElement;
    (second.get(0) as Y.XmlText).insert(0, 'We found that ');
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs, Y.encodeStateVector(mine)));

    const now = render(fragment);
    const resolved = resolvePassage(fragment, now.mapping, anchor);
    expect(resolved).not.toBeNull();
    expect(resolved && quoteOf(now.doc, resolved.from, resolved.to)).toBe('patchy in Year 4');
    expect(resolved?.from).toBeGreaterThan(from);
  });

  it('resolves to nothing once the passage has been deleted', () => {
    const ydoc = new Y.Doc();
    const fragment = ydoc.getXmlFragment('workshop.rootCauses');
    appendParagraphs(fragment, ['Short text.', 'Delete me.']);
    const { doc, mapping } = render(fragment);
    const { from, to } = positionsOf('Delete me', fragment);
    const anchor = passageOf(doc, fragment, mapping, from, to);
    fragment.delete(1, 1);
    expect(resolvePassage(fragment, render(fragment).mapping, anchor)).toBeNull();
  });
});
