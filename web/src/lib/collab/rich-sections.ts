import type RichSections from './RichSections.svelte';

export type RichSectionsComponent = typeof RichSections;

let loading: Promise<RichSectionsComponent> | null = null;

/**
 * The rich-text sections bring the editor (Tiptap and ProseMirror, about 90 KiB gzip), so they load only where a
 * view shows context or workshop text: the session room, which shows evidence and findings, never downloads it.
 */
export function loadRichSections(): Promise<RichSectionsComponent> {
  loading ??= import('./RichSections.svelte').then(
    (module) => module.default,
    (error: unknown) => {
      // A failed download may be retried by opening the document again.
      loading = null;
      throw error;
    },
  );
  return loading;
}
