/**
 * On-device speech recognition for the captioner, when the browser has it. Only recognisers that run on this
 * computer are used (`processLocally`): a browser whose recogniser would send the sound to a service is not
 * offered, so no audio ever leaves the device this way.
 */

interface RecognitionResultList {
  readonly length: number;
  [index: number]: { readonly isFinal: boolean; 0: { readonly transcript: string } } | undefined;
}

interface Recognition {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  processLocally: boolean;
  onresult: ((event: { resultIndex: number; results: RecognitionResultList }) => void) | null;
  onerror: ((event: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
}

interface RecognitionClass {
  new (): Recognition;
  prototype: object;
  available?: (options: { langs: string[]; processLocally: boolean }) => Promise<string>;
}

const LANG = 'en-GB';

function recognitionClass(): RecognitionClass | null {
  const scope = globalThis as unknown as { SpeechRecognition?: RecognitionClass };
  const Class = scope.SpeechRecognition;
  return Class && 'processLocally' in Class.prototype && typeof Class.available === 'function' ? Class : null;
}

/** Whether this browser can recognise British English speech on this device, with nothing sent elsewhere. */
export async function onDeviceSpeechAvailable(): Promise<boolean> {
  const Class = recognitionClass();
  if (!Class?.available) {
    return false;
  }
  try {
    return (await Class.available({ langs: [LANG], processLocally: true })) === 'available';
  } catch {
    return false;
  }
}

/**
 * Listens to this computer's microphone on the device and calls `onLine` with each finished sentence; returns a
 * function that stops. `onStop` says why it stopped (null when asked to).
 */
export function listenOnDevice(onLine: (text: string) => void, onStop: (problem: string | null) => void): () => void {
  const Class = recognitionClass();
  if (!Class) {
    onStop('This browser cannot recognise speech on this computer.');
    return () => undefined;
  }
  const recognition = new Class();
  recognition.lang = LANG;
  recognition.continuous = true;
  recognition.interimResults = false;
  recognition.processLocally = true;
  let stopped = false;
  recognition.onresult = ({ resultIndex, results }) => {
    for (let i = resultIndex; i < results.length; i += 1) {
      const result = results[i];
      const text = result?.isFinal ? result[0].transcript.trim() : '';
      if (text) {
        onLine(text);
      }
    }
  };
  recognition.onerror = ({ error }) => {
    stopped = true;
    onStop(
      error === 'not-allowed' ? 'The browser was not allowed to use the microphone.' : 'Speech recognition stopped.',
    );
  };
  recognition.onend = () => {
    // The recogniser ends itself after a pause: carry on until the captioner stops it.
    if (!stopped) {
      recognition.start();
    }
  };
  recognition.start();
  return () => {
    stopped = true;
    recognition.stop();
    onStop(null);
  };
}
