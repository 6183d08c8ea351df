import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

/** During `pnpm dev`, API and realtime requests go to the server on port 3000. */
const backend = process.env.CROSSWALK_DEV_BACKEND ?? 'http://localhost:3000';

/**
 * With LiveKit configured, the browser talks to the LiveKit server directly (WebSocket signalling, HTTPS checks), so
 * the Content-Security-Policy must allow its origin. It is read from LIVEKIT_URL when the web app is built.
 */
function livekitOrigins(url: string | undefined): `${string}://${string}.${string}`[] {
  if (!url) {
    return [];
  }
  const host = new URL(url).host;
  const [socket, http] = /^(wss|https):/.test(url) ? ['wss', 'https'] : ['ws', 'http'];
  // The CSP type wants a dotted host name; LIVEKIT_URL is validated as a URL by the server's config.
  return [`${socket}://${host}`, `${http}://${host}`] as `${string}://${string}.${string}`[];
}

export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter({ out: 'build', precompress: true }),
      csp: {
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'data:', 'blob:'],
          'connect-src': ['self', ...livekitOrigins(process.env.LIVEKIT_URL)],
          'media-src': ['self', 'blob:'],
          'object-src': ['none'],
          'base-uri': ['self'],
          'form-action': ['self'],
          'frame-ancestors': ['none'],
        },
      },
    }),
  ],
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true },
      '/collab': { target: backend, ws: true },
    },
  },
});
