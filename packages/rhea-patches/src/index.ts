/**
 * `@jms-ts/rhea-patches`: every patch of rhea internals that jms-ts relies on, in one place, each a fix
 * for a documented rhea behaviour and each tested. rhea is pinned to 3.0.5; a patch whose target is
 * missing throws instead of patching blindly. See docs/decisions/0006-rhea-patches.md.
 * @packageDocumentation
 */
import { patchCloseOnBadInput } from "./close-on-bad-input";
import { patchCoalescedWrites } from "./coalesced-writes";
import { patchCoordinatorTerminus } from "./coordinator-terminus";
import { patchDispositionRanges } from "./disposition-ranges";
import { patchDrainAnswer } from "./drain-answer";
import { patchFastTransferRead } from "./fast-transfer-read";
import { patchFastTransferWrite } from "./fast-transfer-write";
import { patchFrameSizeLimit } from "./frame-size-limit";
import { patchLeanIncomingDeliveries } from "./lean-incoming-deliveries";
import { patchRawBytes } from "./raw-bytes";
import { hasPatches, rheaModules } from "./rhea-internals";
import { patchSendableCredit } from "./sendable-credit";
import { patchTransferState } from "./transfer-state";

/** Applies every patch; idempotent, and safe when client and broker share one process. */
export function installRheaPatches(): void {
  const modules = rheaModules();
  patchRawBytes(modules);
  patchDispositionRanges(modules);
  patchFrameSizeLimit(modules);
  patchDrainAnswer(modules);
  patchSendableCredit(modules);
  patchCloseOnBadInput(modules);
  patchCoalescedWrites(modules);
  patchFastTransferRead(modules);
  patchFastTransferWrite(modules);
  patchLeanIncomingDeliveries(modules);
  patchCoordinatorTerminus();
  patchTransferState();
}

/**
 * Whether rhea in this process runs patched: true once `installRheaPatches()` has run (from any copy of
 * this package), as it does when the jms-ts client is loaded or a bundled broker starts. Loading this
 * package patches nothing, so a benchmark can ask this of plain rhea.
 */
export function rheaPatchesInstalled(): boolean {
  const { connection, transport, message, link } = rheaModules();
  return [connection.prototype, transport.prototype, message, link.Sender.prototype].some(hasPatches);
}

export { rawBytesOf } from "./raw-bytes";
export { type CoordinatorTerminus, isCoordinatorTerminus } from "./coordinator-terminus";
export { sendWithTransferState, type StatefulSender } from "./transfer-state";
