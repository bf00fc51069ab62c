// Long loops on a thread other work shares (the extension host's): they give way between items once a slice has run,
// so a request that arrives meanwhile (a lens, a hover, another extension's) waits at most about a slice.

/** Returns `pause`: awaited between items, it yields to the thread's other tasks once `sliceMs` passed since the last yield. */
export function timeSlices(sliceMs = 10, now: () => number = () => performance.now()): () => Promise<void> {
  let sliceStart = now();
  return async () => {
    if (now() - sliceStart < sliceMs) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    sliceStart = now();
  };
}
