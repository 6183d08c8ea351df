/**
 * How much video each browser sends. In the mesh every browser uploads one copy of its camera per other person, so
 * the picture shrinks as the room grows: full VGA at 24 frames a second for small meetings, a quarter of that at
 * 15 frames beyond. With LiveKit, simulcast and dynacast do this job on the server side.
 */
export interface VideoQuality {
  width: number;
  height: number;
  frameRate: number;
  /** Upper bound per outgoing copy, in bits per second. */
  maxBitrate: number;
}

/** Rooms of up to this many people (including you) get the larger picture. */
export const SMALL_ROOM = 3;

const LARGE: VideoQuality = { width: 640, height: 480, frameRate: 24, maxBitrate: 900_000 };
const SMALL: VideoQuality = { width: 320, height: 240, frameRate: 15, maxBitrate: 300_000 };

/** The camera quality for a room of `people` (you included). */
export function videoQualityFor(people: number): VideoQuality {
  return people <= SMALL_ROOM ? LARGE : SMALL;
}

/** Track constraints for a camera at the given quality, optionally on a chosen device. */
export function cameraConstraints(quality: VideoQuality, deviceId?: string): MediaTrackConstraints {
  return {
    width: { ideal: quality.width },
    height: { ideal: quality.height },
    frameRate: { ideal: quality.frameRate, max: quality.frameRate },
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
  };
}
