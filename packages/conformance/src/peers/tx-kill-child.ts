// A separate Node process for the `transaction.killed-before-commit` case: it connects to the target, sends
// `count` messages in a transaction, prints "sent" and then waits, never committing, until it is killed.
// Run as `node dist/tx-kill-child.js '<json>'` with { url, username?, password?, queue, count }.
import { ConnectionFactory, Session } from "@jms-ts/client";

interface ChildOptions {
  url: string;
  username?: string;
  password?: string;
  queue: string;
  count: number;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? "{}") as ChildOptions;
  const factory = new ConnectionFactory(options.url);
  const connection = await factory.createConnection(options.username, options.password);
  const session = await connection.createSession(Session.SESSION_TRANSACTED);
  const producer = await session.createProducer(session.createQueue(options.queue));
  for (let i = 1; i <= options.count; i++) await producer.send(session.createTextMessage(`uncommitted-${i}`));
  process.stdout.write("sent\n");
  // Keep the connection (and its open transaction) alive until the parent kills this process.
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  process.stdout.write(`error ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
