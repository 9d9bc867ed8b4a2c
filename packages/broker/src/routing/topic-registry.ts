import { Topic } from "./topic";

/** The broker's topics by name. */
export class TopicRegistry {
  private readonly topics = new Map<string, Topic>();

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  /** Returns the named topic, creating it first if it does not exist yet. */
  getOrCreate(name: string): Topic {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = new Topic(name);
      this.topics.set(name, topic);
    }
    return topic;
  }

  delete(name: string): void {
    this.topics.delete(name);
  }

  names(): string[] {
    return [...this.topics.keys()];
  }
}
