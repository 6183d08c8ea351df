import { describe, expect, it } from 'vitest';
import { cameraConstraints, videoQualityFor } from './video-quality.ts';

describe('video quality in the mesh', () => {
  it('sends 640×480 at 24 fps for up to three people and 320×240 at 15 fps beyond', () => {
    expect(videoQualityFor(1)).toMatchObject({ width: 640, height: 480, frameRate: 24 });
    expect(videoQualityFor(3)).toMatchObject({ width: 640, height: 480, frameRate: 24 });
    expect(videoQualityFor(4)).toMatchObject({ width: 320, height: 240, frameRate: 15 });
    expect(videoQualityFor(8).maxBitrate).toBeLessThan(videoQualityFor(2).maxBitrate);
  });

  it('asks for the chosen camera exactly, and caps the frame rate', () => {
    expect(cameraConstraints(videoQualityFor(2), 'cam-1')).toEqual({
      width: { ideal: 640 },
      height: { ideal: 480 },
      frameRate: { ideal: 24, max: 24 },
      deviceId: { exact: 'cam-1' },
    });
    expect(cameraConstraints(videoQualityFor(5))).not.toHaveProperty('deviceId');
  });
});
