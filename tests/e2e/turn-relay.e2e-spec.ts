import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turnCredential } from '../../server/src/modules/sessions/ice-servers.ts';
import { joinSession, signInThrough } from '../support/browser.ts';
import { FAKE_MEDIA_ARGS } from '../support/chromium.ts';
import { startCoturn, type Coturn } from '../support/coturn.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { videoSessionOf } from '../support/video-rooms.ts';

/**
 * Video through a real TURN relay: coturn (Debian's package) on 127.0.0.1 with a shared secret, Crosswalk issuing
 * time-limited credentials from the same secret, and ICE_TRANSPORT_POLICY=relay so that the browsers may not
 * connect any other way. Two people join a review day through the session page and its own signalling.
 */

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const LEAD = 'lead.reviewer@summercroft.demo';
const HEMPSHILL = 'reviewer@hempshill.demo';

/** First frames took 1–8 s on a quiet 2-core machine; relaying adds the TURN allocation to that. */
const MEDIA_TIMEOUT_MS = 40_000;
const MEDIA_TEST_TIMEOUT_MS = 150_000;

let coturn: Coturn;
let sessionId: string;

beforeAll(async () => {
  coturn = await startCoturn();
});
afterAll(async () => {
  await coturn.stop();
});

const app = useDemoApp(
  async (server) => {
    sessionId = await videoSessionOf(server.crosswalk.db.sql, REVIEW, 'Meeting with the headteacher');
  },
  {
    env: () => ({
      TURN_URLS: coturn.urls.join(','),
      TURN_SECRET: coturn.secret,
      TURN_TTL_SECONDS: '600',
      ICE_TRANSPORT_POLICY: 'relay',
    }),
  },
);

/** Keeps every RTCPeerConnection the page makes, so that the test can read its statistics. */
function recordPeerConnections(): void {
  const made: RTCPeerConnection[] = [];
  (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections = made;
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      made.push(this);
    }
  };
}

async function personAt(email: string): Promise<Page> {
  const browser = await app.launch(FAKE_MEDIA_ARGS);
  const page = await browser.newPage();
  await page.addInitScript(recordPeerConnections);
  await signInThrough(page, `${app.url}/sessions/${sessionId}`, email);
  return page;
}

interface RelayReport {
  policy: string | undefined;
  local: string | undefined;
  remote: string | undefined;
  localAddress: string | undefined;
  framesDecoded: number;
}

/**
 * Waits, in the page, until its one peer connection is connected and has decoded `frames` video frames, then
 * reports the ICE policy it was made with, the types of the selected candidate pair and the frames decoded.
 * Waits on the connection's own state changes and on video frames, not on a timer.
 */
function relayReport(page: Page, frames: number): Promise<RelayReport> {
  return page.evaluate(
    ({ frames, timeoutMs }) =>
      new Promise<RelayReport>((resolve, reject) => {
        const list = (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections;
        const timer = setTimeout(() => {
          reject(
            new Error(
              `after ${String(timeoutMs)} ms: ${String(list.length)} peer connections, states ` +
                list.map((pc) => `${pc.connectionState}/${pc.iceConnectionState}`).join(', '),
            ),
          );
        }, timeoutMs);
        const read = async (pc: RTCPeerConnection): Promise<RelayReport | undefined> => {
          const stats = await pc.getStats();
          const all = [...stats.values()] as Record<string, unknown>[];
          const transport = all.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
          const entry = (id: unknown) =>
            typeof id === 'string' ? (stats.get(id) as Record<string, unknown> | undefined) : undefined;
          const pair = entry(transport?.selectedCandidatePairId);
          const local = entry(pair?.localCandidateId);
          const remote = entry(pair?.remoteCandidateId);
          const inbound = all.find((s) => s.type === 'inbound-rtp' && s.kind === 'video');
          const framesDecoded = (inbound?.framesDecoded as number | undefined) ?? 0;
          if (!local || framesDecoded < frames) {
            return undefined;
          }
          return {
            policy: pc.getConfiguration().iceTransportPolicy,
            local: local.candidateType as string | undefined,
            remote: remote?.candidateType as string | undefined,
            localAddress: local.address as string | undefined,
            framesDecoded,
          };
        };
        const check = async () => {
          const pc = list[0];
          if (!pc || pc.connectionState !== 'connected') {
            return;
          }
          const report = await read(pc);
          if (report) {
            clearTimeout(timer);
            resolve(report);
            return;
          }
          // Connected but not yet decoding: look again at the next video frame any element presents.
          const video = [...document.querySelectorAll('video')].find((v) => v.srcObject !== null);
          if (video) {
            video.requestVideoFrameCallback(() => void check());
          } else {
            requestAnimationFrame(() => void check());
          }
        };
        const watch = () => {
          const pc = list[0];
          if (pc) {
            pc.addEventListener('connectionstatechange', () => void check());
            void check();
          } else {
            requestAnimationFrame(watch);
          }
        };
        watch();
      }),
    { frames, timeoutMs: MEDIA_TIMEOUT_MS },
  );
}

describe('video through a TURN relay (coturn)', () => {
  it(
    'connects two people relay-only through coturn with their own short-lived credentials',
    async () => {
      const lead = await personAt(LEAD);
      const hempshill = await personAt(HEMPSHILL);

      // Each person's media answer carries a TURN credential of their own that expires within TURN_TTL_SECONDS.
      const answer = (await lead.evaluate(async (id) => {
        const response = await fetch(`/api/sessions/${id}/media`);
        return (await response.json()) as {
          iceTransportPolicy?: string;
          iceServers: { urls: string[]; username: string; credential: string }[];
        };
      }, sessionId)) as { iceTransportPolicy?: string; iceServers: { urls: string[]; username: string }[] };
      expect(answer.iceTransportPolicy).toBe('relay');
      const [expiry, userId] = (answer.iceServers[0]?.username ?? '').split(':');
      expect(answer.iceServers[0]?.urls).toEqual(coturn.urls);
      expect(Number(expiry) - Date.now() / 1000).toBeGreaterThan(500);
      expect(Number(expiry) - Date.now() / 1000).toBeLessThanOrEqual(600);

      await joinSession(lead);
      await joinSession(hempshill);
      for (const page of [lead, hempshill]) {
        const report = await relayReport(page, 10);
        expect(report).toMatchObject({ policy: 'relay', local: 'relay', remote: 'relay', localAddress: '127.0.0.1' });
        expect(report.framesDecoded).toBeGreaterThanOrEqual(10);
      }

      // coturn saw allocations made with the credentials Crosswalk issued, for this very person.
      await coturn.waitForLog(new RegExp(`user <\\d+:${String(userId)}>.*ALLOCATE processed, success`));
      expect(coturn.log()).toMatch(/ALLOCATE processed, success/);
    },
    MEDIA_TEST_TIMEOUT_MS,
  );

  it('is refused by coturn with an expired or forged credential', async () => {
    const probe = await (await app.launch(FAKE_MEDIA_ARGS)).newPage();
    await probe.goto(`${app.url}/`);
    const expired = turnCredential(coturn.secret, 'someone', Math.floor(Date.now() / 1000) - 60);
    const forged = turnCredential('not-the-secret-of-this-turn-server', 'someone', Math.floor(Date.now() / 1000) + 600);
    for (const credential of [expired, forged]) {
      const outcome = await probe.evaluate(
        ({ urls, username, credential }) =>
          new Promise<{ relayCandidates: number; errors: number[] }>((resolve) => {
            const pc = new RTCPeerConnection({
              iceServers: [{ urls, username, credential }],
              iceTransportPolicy: 'relay',
            });
            const result = { relayCandidates: 0, errors: [] as number[] };
            pc.onicecandidate = ({ candidate }) => {
              if (candidate && candidate.type === 'relay') {
                result.relayCandidates += 1;
              }
            };
            pc.onicecandidateerror = (event) => {
              result.errors.push(event.errorCode);
            };
            pc.onicegatheringstatechange = () => {
              if (pc.iceGatheringState === 'complete') {
                pc.close();
                resolve(result);
              }
            };
            pc.createDataChannel('probe');
            void pc.createOffer().then((offer) => pc.setLocalDescription(offer));
          }),
        { urls: coturn.urls, ...credential },
      );
      expect(outcome.relayCandidates).toBe(0);
      expect(outcome.errors).toContain(401);
    }
  });
});
