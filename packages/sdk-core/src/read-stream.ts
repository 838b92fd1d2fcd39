/**
 * Reads a response body as text until it ends, calling `onText` per chunk. `onChunk` runs first on
 * every chunk, even one that completes no line, so a read timeout is measured on bytes, not events.
 */
export async function readStream(
  body: ReadableStream<Uint8Array>,
  onChunk: () => void,
  onText: (text: string) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      onChunk();
      onText(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.releaseLock();
  }
}
