/**
 * Qpid JMS's prefetch refill rule [qpid-jms 2.13]: top credit back up to the prefetch once remaining credit
 * is at most half of it and credit plus messages still buffered is at most 70 %. Credit therefore follows
 * what the application consumes, not what arrives (rhea's own window refills on arrival).
 * Returns the credit to add now, or 0.
 */
export function creditToAdd(prefetch: number, credit: number, buffered: number): number {
  if (credit > prefetch * 0.5 || credit + buffered > prefetch * 0.7) return 0;
  return Math.max(0, prefetch - credit - buffered);
}
