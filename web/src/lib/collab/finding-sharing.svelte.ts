import type { ReviewSharingView } from '@crosswalk/shared';
import { api, messageOf } from '#lib/api/client.ts';

/**
 * The host headteacher's "may be shared beyond the school" choice for each finding, kept by the server (not in the
 * live document, so no one else can change it): loaded once, saved one switch at a time.
 */
export class FindingSharing {
  readonly reviewId: string;
  /** Whether this person may change the choices (the host headteacher). */
  canChange = $state(false);
  shareable = $state<Record<string, boolean>>({});
  /** The finding whose choice is being saved, if any. */
  saving = $state<string | null>(null);
  error = $state<string | null>(null);
  loaded = $state(false);

  constructor(reviewId: string) {
    this.reviewId = reviewId;
  }

  #take(view: ReviewSharingView): void {
    this.canChange = view.canChange;
    this.shareable = Object.fromEntries(view.findings.map((f) => [f.findingId, f.shareable]));
    this.loaded = true;
  }

  async load(): Promise<void> {
    try {
      this.#take(await api.get<ReviewSharingView>(`/reviews/${this.reviewId}/sharing`));
      this.error = null;
    } catch (caught) {
      this.error = `The sharing choices could not be loaded. ${messageOf(caught)}`;
    }
  }

  async set(findingId: string, shareable: boolean): Promise<void> {
    this.saving = findingId;
    this.error = null;
    try {
      this.#take(
        await api.put<ReviewSharingView>(`/reviews/${this.reviewId}/findings/${findingId}/sharing`, { shareable }),
      );
    } catch (caught) {
      this.error = `Your choice was not saved. ${messageOf(caught)}`;
    } finally {
      this.saving = null;
    }
  }
}
