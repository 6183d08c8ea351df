import net from 'node:net';

export interface TcpBalancer {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Which backend each new connection went to, in order (ports). */
  readonly routed: number[];
  /** Takes a backend out of (or back into) the rotation, as a load balancer's failed health check would. */
  setHealthy(port: number, healthy: boolean): void;
  close(): Promise<void>;
}

/**
 * A minimal layer-4 load balancer for tests: each new TCP connection goes to the next healthy backend in
 * turn (round robin, no stickiness), and is closed when that backend goes away, so clients reconnect and land on
 * another one: what a real balancer in front of several Crosswalk processes does with WebSockets.
 */
export async function startTcpBalancer(backends: readonly number[]): Promise<TcpBalancer> {
  const healthy = new Set(backends);
  const routed: number[] = [];
  const open = new Set<net.Socket>();
  let next = 0;
  const server = net.createServer((client) => {
    const candidates = backends.filter((port) => healthy.has(port));
    const target = candidates[next++ % Math.max(1, candidates.length)];
    if (target === undefined) {
      client.destroy();
      return;
    }
    routed.push(target);
    const upstream = net.connect(target, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    routed,
    setHealthy(backend, isHealthy) {
      if (isHealthy) {
        healthy.add(backend);
      } else {
        healthy.delete(backend);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) {
          socket.destroy();
        }
        server.close(() => {
          resolve();
        });
      }),
  };
}
