/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits 0; a second signal exits at once.
 * Commands that serve until stopped register their cleanup here.
 */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
