import { fork } from 'node:child_process';

/**
 * Starts a server script in a child process, so that the server's CPU never counts as the
 * client's. The script sends its base URL with `process.send(url)` once it listens.
 */
export async function startChildServer(
  script: URL,
  args: readonly string[] = [],
): Promise<{ url: string; stop(): void; pid: number | undefined }> {
  const child = fork(script, [...args], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve(String(m)));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { url, stop: () => child.kill(), pid: child.pid };
}
