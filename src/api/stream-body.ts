/**
 * A streamed response body (a wave export) whose failure the client can see. Once the status and
 * the first bytes are out, an error cannot become a 4xx; hono's `stream()` helper then ends the
 * body normally, so a client saw a 200 with a short file. Here the body is a ReadableStream that
 * errors instead: the Node adapter destroys the connection, and the client sees a failed transfer
 * (no terminating chunk). Chunks are produced on demand (pull), one at a time, so a slow client
 * holds no more than one chunk in memory.
 */

/**
 * A body from `chunks`. The first chunk is produced before the response exists, so an error before
 * the first byte (an export the format cannot hold, say) still becomes an error response with its
 * status; an error after it is logged by `onError` and aborts the body.
 */
export async function abortingBody(
  chunks: AsyncIterable<Uint8Array | string>,
  onError: (err: unknown) => void,
): Promise<ReadableStream<Uint8Array>> {
  const it = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const bytes = (value: Uint8Array | string) => (typeof value === 'string' ? encoder.encode(value) : value);
  const first = await it.next();
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (first.done) controller.close();
        else controller.enqueue(bytes(first.value));
      },
      async pull(controller) {
        try {
          const next = await it.next();
          if (next.done) controller.close();
          else controller.enqueue(bytes(next.value));
        } catch (err) {
          onError(err);
          controller.error(err);
        }
      },
      async cancel() {
        await it.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
