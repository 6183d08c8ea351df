/**
 * How this browser lays out the meeting: grid or speaker view, who is pinned, who is speaking, and which side
 * panel is open. It is local to this screen: nobody else sees your layout.
 */
export type StageMode = 'grid' | 'speaker';
export type PanelTab = 'document' | 'people' | 'chat';

export class MeetingLayout {
  mode = $state<StageMode>('grid');
  /** The person pinned to the main stage, whatever the audio levels say. */
  pinned = $state<string | null>(null);
  /** The active speaker, from audio levels. */
  speaker = $state<string | null>(null);
  /** The open side-panel tab, or null when the panel is collapsed. */
  panel = $state<PanelTab | null>(null);
  /** The video stage's share of the width beside the panel, in per cent. */
  split = $state(68);
  /** A facilitator's choice to put the workshop on the main stage, with the video in a strip. */
  workshopOnStage = $state(false);

  togglePin(peerId: string): void {
    this.pinned = this.pinned === peerId ? null : peerId;
  }

  /** Opens `tab`, or collapses the panel when `tab` is already open. */
  togglePanel(tab: PanelTab): void {
    this.panel = this.panel === tab ? null : tab;
  }
}
