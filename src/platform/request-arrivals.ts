/**
 * A count of the requests this process has begun to handle, so that one read of the database's
 * change counter can serve every cache lookup made until the next request arrives
 * (storage/caching-repository.ts; issue 16 item 3, key resolution).
 *
 * Why this keeps read-your-writes across workers (docs/workers.md): a client that saw a write
 * acknowledged and then sends a request causes that request to arrive after the write's commit.
 * A counter read made after the request arrived therefore sees the write. A read made before it
 * arrived carries a smaller arrival count than the one the request finds, so the request reads the
 * counter again. Reusing a read is only allowed while no request has arrived since it was made.
 */
export class RequestArrivals {
  private arrivals = 0;

  /** Called by the protocol layer once per request, before anything of the request is looked up. */
  note(): void {
    this.arrivals++;
  }

  /** Requests begun so far. */
  count(): number {
    return this.arrivals;
  }
}
