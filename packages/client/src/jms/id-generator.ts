import { randomUUID } from "node:crypto";

let connectionSequence = 0;

/**
 * Qpid JMS's identifier scheme, so ids read the same in broker tools whichever client sent them:
 * connection `ID:<uuid>:<n>`, session `<connection>:<n>`, producer `<session>:<n>`, message `<producer>-<n>`.
 */
export function newConnectionId(): string {
  return `ID:${randomUUID()}:${++connectionSequence}`;
}

/** Hands out `<parent>:1`, `<parent>:2`, ... for the children of one object. */
export class ChildIds {
  private next = 0;

  constructor(private readonly parent: string) {}

  nextId(): string {
    return `${this.parent}:${++this.next}`;
  }
}
