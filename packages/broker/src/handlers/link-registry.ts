import type { Receiver, Sender } from "rhea";
import type { Node } from "../routing/node";

export type Link = Sender | Receiver;

/**
 * What must happen when a link goes (consumer detach, topic unsubscribe, dynamic node deletion), run once
 * whether the link detached, its connection closed or its socket dropped; and which links use each
 * dynamic node, so deleting the node can detach them.
 */
export class LinkRegistry {
  private readonly cleanups = new WeakMap<Link, Array<() => void>>();
  private readonly nodeLinks = new Map<Node, Set<Link>>();

  /** Runs `cleanup` when `link` goes. */
  whenGone(link: Link, cleanup: () => void): void {
    const list = this.cleanups.get(link);
    if (list) list.push(cleanup);
    else this.cleanups.set(link, [cleanup]);
  }

  /** The link is gone: runs its cleanups, once. */
  gone(link: Link): void {
    const list = this.cleanups.get(link);
    this.cleanups.delete(link);
    for (const cleanup of list ?? []) cleanup();
  }

  /** Starts tracking the links on a dynamic node. */
  trackNode(node: Node): void {
    this.nodeLinks.set(node, new Set());
  }

  /** Records that `link` uses `node`, if the node is tracked. */
  attached(link: Link, node: Node): void {
    const links = this.nodeLinks.get(node);
    if (!links) return;
    links.add(link);
    this.whenGone(link, () => links.delete(link));
  }

  /** Stops tracking a node and returns the links still using it. */
  untrackNode(node: Node): Link[] {
    const links = [...(this.nodeLinks.get(node) ?? [])];
    this.nodeLinks.delete(node);
    return links;
  }
}
