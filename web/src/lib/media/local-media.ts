/**
 * The camera and microphone on this computer: opening them, listing them and explaining, in plain English, why they
 * could not be opened. Camera and microphone are opened separately so that a missing or blocked one never stops
 * the other (or joining at all).
 */
import { cameraConstraints, type VideoQuality } from './video-quality.ts';

export type DeviceProblem = 'denied' | 'missing' | 'busy' | 'unsupported' | 'failed';

export interface DeviceLists {
  cameras: { deviceId: string; label: string }[];
  microphones: { deviceId: string; label: string }[];
}

/** What went wrong with getUserMedia, from the DOMException's name. */
export function problemOf(error: unknown): DeviceProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'NotReadableError':
    case 'AbortError':
      return 'busy';
    case 'TypeError':
      return 'unsupported';
    default:
      return 'failed';
  }
}

/** A sentence for people, saying what happened and what they can do. */
export function describeProblem(device: 'camera' | 'microphone', problem: DeviceProblem): string {
  switch (problem) {
    case 'denied':
      return `Your browser is not allowing Crosswalk to use your ${device}. To change this, select the padlock or camera symbol next to the web address, allow the ${device}, then reload the page. You can still join without it.`;
    case 'missing':
      return `No ${device} was found. Check it is plugged in and switched on, then choose “Check again”. You can still join without it.`;
    case 'busy':
      return `Your ${device} is being used by another program (for example Teams or Zoom). Close that program, then choose “Check again”. You can still join without it.`;
    case 'unsupported':
      return `This browser cannot use a ${device} here. Try an up-to-date Chrome, Edge, Firefox or Safari. You can still join without it.`;
    default:
      return `Your ${device} could not be started. Choose “Check again”, or join without it.`;
  }
}

function hasMediaDevices(): boolean {
  return typeof navigator !== 'undefined' && 'mediaDevices' in navigator && 'getUserMedia' in navigator.mediaDevices;
}

/** Opens a camera at the given quality. Throws the browser's error (see `problemOf`). */
export async function openCamera(quality: VideoQuality, deviceId?: string): Promise<MediaStreamTrack> {
  if (!hasMediaDevices()) {
    throw new TypeError('getUserMedia is not available');
  }
  const stream = await navigator.mediaDevices.getUserMedia({ video: cameraConstraints(quality, deviceId) });
  const [track] = stream.getVideoTracks();
  if (!track) {
    throw new DOMException('No camera track', 'NotFoundError');
  }
  return track;
}

/** Opens a microphone with echo cancellation and noise suppression. Throws the browser's error. */
export async function openMicrophone(deviceId?: string): Promise<MediaStreamTrack> {
  if (!hasMediaDevices()) {
    throw new TypeError('getUserMedia is not available');
  }
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: {
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
      ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    },
  });
  const [track] = stream.getAudioTracks();
  if (!track) {
    throw new DOMException('No microphone track', 'NotFoundError');
  }
  return track;
}

/** The cameras and microphones the browser reports. Labels are only known once permission was given. */
export async function listDevices(): Promise<DeviceLists> {
  if (!hasMediaDevices()) {
    return { cameras: [], microphones: [] };
  }
  const devices = await navigator.mediaDevices.enumerateDevices();
  const named = (kind: MediaDeviceKind, fallback: string) =>
    devices
      .filter((d) => d.kind === kind && d.deviceId !== '')
      .map((d, index) => ({ deviceId: d.deviceId, label: d.label || `${fallback} ${index + 1}` }));
  return { cameras: named('videoinput', 'Camera'), microphones: named('audioinput', 'Microphone') };
}

/** Asks the browser to share a screen or window. Throws if the person cancels. */
export async function openScreen(): Promise<MediaStreamTrack> {
  if (!hasMediaDevices() || !('getDisplayMedia' in navigator.mediaDevices)) {
    throw new TypeError('Screen sharing is not available in this browser');
  }
  const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 15 } } });
  const [track] = stream.getVideoTracks();
  if (!track) {
    throw new DOMException('No screen track', 'NotFoundError');
  }
  track.contentHint = 'detail';
  return track;
}
