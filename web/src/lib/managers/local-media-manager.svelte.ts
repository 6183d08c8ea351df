import {
  describeProblem,
  listDevices,
  openCamera,
  openMicrophone,
  openScreen,
  problemOf,
  type DeviceLists,
  type DeviceProblem,
} from '../media/local-media.ts';
import { videoQualityFor, type VideoQuality } from '../media/video-quality.ts';

export type LocalTrackKind = 'audio' | 'video' | 'screen';

/**
 * This browser's camera, microphone and screen share, shared by the lobby preview and the room. Whatever is open
 * here is what the media transport sends; `onTrackChanged` tells it when a track is swapped, started or stopped.
 */
class LocalMediaManager {
  audio = $state.raw<MediaStreamTrack | null>(null);
  video = $state.raw<MediaStreamTrack | null>(null);
  screen = $state.raw<MediaStreamTrack | null>(null);
  devices = $state<DeviceLists>({ cameras: [], microphones: [] });
  cameraId = $state('');
  microphoneId = $state('');
  cameraProblem = $state<DeviceProblem | null>(null);
  microphoneProblem = $state<DeviceProblem | null>(null);
  microphoneMuted = $state(false);
  checking = $state(false);
  /** Why the camera must stay off right now (an audio-only activity), or null. */
  cameraBlockedReason = $state<string | null>(null);

  /** Set by the room manager while in a room. */
  onTrackChanged: ((kind: LocalTrackKind, track: MediaStreamTrack | null) => void) | null = null;
  #quality: VideoQuality = videoQualityFor(1);
  /** The camera was on when an audio-only activity turned it off: it comes back on afterwards. */
  #cameraBeforeBlock = false;

  cameraMessage = $derived(this.cameraProblem ? describeProblem('camera', this.cameraProblem) : null);
  microphoneMessage = $derived(this.microphoneProblem ? describeProblem('microphone', this.microphoneProblem) : null);
  cameraOn = $derived(this.video !== null);
  microphoneOn = $derived(this.audio !== null && !this.microphoneMuted);

  /** Opens the camera and microphone for the lobby preview; a failure of one never stops the other. */
  async open(options: { camera: boolean; microphone: boolean }): Promise<void> {
    this.checking = true;
    try {
      await Promise.all([
        options.microphone ? this.#openMicrophone() : Promise.resolve(),
        options.camera && !this.cameraBlockedReason ? this.#openCamera() : Promise.resolve(),
      ]);
      this.devices = await listDevices().catch(() => ({ cameras: [], microphones: [] }));
      this.cameraId ||= this.video?.getSettings().deviceId ?? '';
      this.microphoneId ||= this.audio?.getSettings().deviceId ?? '';
    } finally {
      this.checking = false;
    }
  }

  async chooseCamera(deviceId: string): Promise<void> {
    this.cameraId = deviceId;
    if (this.video) {
      await this.#openCamera();
    }
  }

  async chooseMicrophone(deviceId: string): Promise<void> {
    this.microphoneId = deviceId;
    if (this.audio) {
      await this.#openMicrophone();
    }
  }

  /** Turns the camera on (opening it again) or off (releasing it, so its light goes out). */
  async setCamera(on: boolean): Promise<void> {
    this.#cameraBeforeBlock = false;
    if (on && !this.cameraBlockedReason) {
      await this.#openCamera();
    } else {
      this.#replace('video', null);
    }
  }

  /** Mutes or unmutes; opens the microphone first if it was never opened. */
  async setMicrophone(on: boolean): Promise<void> {
    this.microphoneMuted = !on;
    if (on && !this.audio) {
      await this.#openMicrophone();
    }
    if (this.audio) {
      this.audio.enabled = on;
    }
  }

  /** Shares a screen or window instead of the camera. Resolves false if the person cancelled. */
  async startScreen(): Promise<boolean> {
    try {
      const track = await openScreen();
      track.addEventListener('ended', () => {
        if (this.screen === track) {
          this.stopScreen();
        }
      });
      this.#replace('screen', track);
      return true;
    } catch {
      return false;
    }
  }

  stopScreen(): void {
    this.#replace('screen', null);
  }

  /** Applies the size-dependent quality to the camera being captured. */
  setQuality(quality: VideoQuality): void {
    this.#quality = quality;
    void this.video
      ?.applyConstraints({
        width: { ideal: quality.width },
        height: { ideal: quality.height },
        frameRate: { ideal: quality.frameRate, max: quality.frameRate },
      })
      .catch(() => undefined);
  }

  /**
   * Cameras and screen shares go off during audio-only activities (pupil voice); the reason is shown beside the
   * camera button. When video is allowed again, a camera that was on before comes back on.
   */
  blockCamera(reason: string | null): void {
    const wasBlocked = this.cameraBlockedReason !== null;
    this.cameraBlockedReason = reason;
    if (reason) {
      if (this.video) {
        this.#cameraBeforeBlock = true;
        this.#replace('video', null);
      }
      if (this.screen) {
        this.#replace('screen', null);
      }
    } else if (wasBlocked && this.#cameraBeforeBlock) {
      this.#cameraBeforeBlock = false;
      void this.#openCamera();
    }
  }

  /** Releases every device (leaving the session or the page). */
  stopAll(): void {
    this.#replace('audio', null);
    this.#replace('video', null);
    this.#replace('screen', null);
  }

  async #openCamera(): Promise<void> {
    try {
      const track = await openCamera(this.#quality, this.cameraId || undefined);
      this.cameraProblem = null;
      this.#replace('video', track);
    } catch (error) {
      this.cameraProblem = problemOf(error);
    }
  }

  async #openMicrophone(): Promise<void> {
    try {
      const track = await openMicrophone(this.microphoneId || undefined);
      track.enabled = !this.microphoneMuted;
      this.microphoneProblem = null;
      this.#replace('audio', track);
    } catch (error) {
      this.microphoneProblem = problemOf(error);
    }
  }

  #replace(kind: LocalTrackKind, track: MediaStreamTrack | null): void {
    const previous = this[kind];
    if (previous === track) {
      return;
    }
    this[kind] = track;
    this.onTrackChanged?.(kind, track);
    previous?.stop();
  }
}

export const localMediaManager = new LocalMediaManager();
