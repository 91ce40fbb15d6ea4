// Listeners keep working after they ack (replies go out later); stop() waits for them so a
// shutdown or a test does not cut a reply in half.
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  wrap<A>(listener: (args: A) => Promise<void>): (args: A) => Promise<void> {
    return (args: A) => {
      const work = listener(args);
      this.running.add(work);
      const done = () => this.running.delete(work);
      work.then(done, done);
      return work;
    };
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when everything running has finished, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.running]), timeout]);
    clearTimeout(timer);
  }
}
