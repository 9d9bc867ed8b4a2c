import { spawnGroup, type ExitStatus, type SpawnOptions } from "./process-group";
import { settlesWithin } from "./time";

/** What a command printed and how it ended. */
export interface CommandResult {
  readonly status: ExitStatus;
  /** True when the command was killed at its deadline. */
  readonly timedOut: boolean;
  readonly output: string[];
}

/** Runs a command to completion, killing its process group at `timeoutMs`; never rejects, never hangs. */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { readonly timeoutMs: number },
): Promise<CommandResult> {
  const group = spawnGroup(command, args, options);
  const finished = await settlesWithin(group.exited, options.timeoutMs);
  if (!finished) await group.kill(1_000);
  const status = await group.exited;
  return { status, timedOut: !finished, output: group.lastLines() };
}
