/**
 * Highlights the passages comment threads are anchored to, in one rich-text field, and offers Ctrl+Alt+M (Cmd+Alt+M
 * on a Mac) to comment on the selection. Positions are worked out afresh from the threads' Yjs relative positions on
 * every change of the editor, so the highlights follow everyone's edits. Each highlight ends with a small button
 * (reachable with Tab, named like the thread) that opens the thread in the comments panel.
 */
import type { CommentThreadView } from '@crosswalk/shared';
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { resolvePassage, type ProsemirrorMapping } from './anchors.ts';
import { threadName } from './comments.svelte.ts';

export interface CommentMarksOptions {
  fragment: Y.XmlFragment | null;
  /** The threads anchored in this field that are shown now. */
  threads: () => CommentThreadView[];
  active: () => string | null;
  open: (threadId: string) => void;
  /** Ctrl+Alt+M: start a comment on the selection. */
  comment: () => void;
}

export const commentMarksKey = new PluginKey('commentMarks');

/** The mapping between ProseMirror nodes and Yjs types that the collaboration binding keeps, once it has rendered. */
export function bindingMapping(state: EditorState): ProsemirrorMapping | null {
  const sync = ySyncPluginKey.getState(state) as { binding?: { mapping: ProsemirrorMapping } } | undefined;
  return sync?.binding?.mapping ?? null;
}

const ICON =
  '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="14" height="14"><path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2Z"/></svg>';

function marker(thread: CommentThreadView, open: (id: string) => void): HTMLElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'comment-marker';
  button.contentEditable = 'false';
  button.setAttribute('aria-label', `${threadName(thread)}. Open in the comments panel`);
  button.innerHTML = ICON;
  button.addEventListener('mousedown', (event) => {
    event.preventDefault();
  });
  button.addEventListener('click', () => {
    open(thread.id);
  });
  return button;
}

/** A position that no longer resolves (its text was removed in an unusual way) draws nothing, rather than failing. */
function safely<T>(work: () => T): T | null {
  try {
    return work();
  } catch {
    return null;
  }
}

function decorationsOf(state: EditorState, options: CommentMarksOptions): DecorationSet | null {
  const mapping = bindingMapping(state);
  if (!options.fragment || !mapping || mapping.size === 0) {
    return null;
  }
  const active = options.active();
  const decorations: Decoration[] = [];
  const fragment = options.fragment;
  for (const thread of options.threads()) {
    const anchor = thread.anchor;
    if (anchor.kind !== 'passage') {
      continue;
    }
    const range = safely(() => resolvePassage(fragment, mapping, anchor));
    if (!range || range.to > state.doc.content.size) {
      continue;
    }
    const classes = ['comment-mark', thread.id === active ? 'active' : '', thread.resolvedAt ? 'resolved' : ''];
    decorations.push(
      Decoration.inline(range.from, range.to, {
        class: classes.filter(Boolean).join(' '),
        'data-thread-id': thread.id,
      }),
      Decoration.widget(range.to, () => marker(thread, options.open), {
        side: 1,
        ignoreSelection: true,
        key: `${thread.id}:${threadName(thread)}`,
        stopEvent: () => true,
      }),
    );
  }
  return DecorationSet.create(state.doc, decorations);
}

export const CommentMarks = Extension.create<CommentMarksOptions>({
  name: 'commentMarks',

  addOptions() {
    return { fragment: null, threads: () => [], active: () => null, open: () => undefined, comment: () => undefined };
  },

  addKeyboardShortcuts() {
    return {
      'Mod-Alt-m': () => {
        this.options.comment();
        return true;
      },
    };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin({
        key: commentMarksKey,
        props: {
          decorations: (state) => decorationsOf(state, options),
        },
      }),
    ];
  },
});
