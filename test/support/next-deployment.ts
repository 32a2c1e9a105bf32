import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

export interface DeploymentFront {
  /** Where tablets open the kiosk: the worker, seen through this front. */
  url: string;
  /** From now on the worker serves a new deployment: its service worker script has changed. */
  deploy(): void;
  /** How many times a tablet fetched the new deployment's service worker script. */
  newWorkerFetches(): number;
  close(): Promise<void>;
}

/**
 * The worker behind a front that can play a new deployment (`wrangler deploy` of another build): every answer is the
 * worker's, except that after `deploy()` the service worker script differs from the one the tablets installed, as it
 * does after any change to the kiosk's files (its precache list names them by hash).
 */
export async function deploymentFront(workerUrl: string): Promise<DeploymentFront> {
  const worker = new URL(workerUrl);
  let deployed = false;
  let fetches = 0;
  const server = createServer((req, res) => {
    const newWorker = deployed && req.url === '/sw.js';
    const headers: IncomingHttpHeaders = { ...req.headers };
    if (newWorker) {
      // Its own body, whole and uncompressed, never a 304 for the script the tablet already has.
      for (const name of ['accept-encoding', 'if-none-match', 'if-modified-since']) delete headers[name];
    }
    const upstream = request({ host: worker.hostname, port: worker.port, method: req.method, path: req.url, headers }, (answer) => {
      if (!newWorker) {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        fetches++;
        const body = Buffer.concat([...chunks, Buffer.from('\n// the next deployment\n')]);
        const { etag: _etag, 'content-length': _length, ...rest } = answer.headers;
        res.writeHead(answer.statusCode!, { ...rest, 'content-length': body.length });
        res.end(body);
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  // The kiosk's live channel (WebSocket) goes through as it is.
  server.on('upgrade', (req, socket, head) => {
    const upstream = connect(Number(worker.port), worker.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    deploy: () => (deployed = true),
    newWorkerFetches: () => fetches,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
