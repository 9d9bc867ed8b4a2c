import type { JournalIo } from "./segment";

/** How a Journal is set up; everything but the directory has a production default. */
export interface JournalOptions {
  readonly directory: string;
  /** A segment is rolled once it holds at least this many bytes. Default 64 MiB. */
  readonly segmentBytes?: number;
  /** Concurrent sync() calls share one fdatasync (default true). */
  readonly groupCommit?: boolean;
  /** Clock for the once-a-second write retry after a failure (tests inject one). */
  readonly now?: () => number;
  /** The next message id, written into each new segment header. */
  readonly nextId?: () => number;
  readonly io?: Partial<JournalIo>;
}
