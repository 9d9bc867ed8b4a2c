import type { Queue } from "../queues/queue";
import type { Exchange } from "./exchange";

/** What an address can name: a queue or an exchange. */
export type Node = Queue | Exchange;
