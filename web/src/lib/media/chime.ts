/**
 * A short, quiet two-note chime made with Web Audio (no sound file to download), for "someone is waiting in the
 * lobby". Browsers only play sound after the person has interacted with the page; before that this does nothing.
 */
export function playChime(): void {
  if (typeof AudioContext === 'undefined') {
    return;
  }
  const context = new AudioContext();
  if (context.state !== 'running') {
    void context.resume().catch(() => undefined);
  }
  const start = context.currentTime;
  [660, 880].forEach((frequency, index) => {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    const at = start + index * 0.18;
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.15, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.001, at + 0.3);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.32);
  });
  setTimeout(() => void context.close(), 800);
}
