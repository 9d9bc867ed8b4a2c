export const BENCH_START = "<!-- bench:start -->";
export const BENCH_END = "<!-- bench:end -->";

/**
 * `document` with the text between the bench markers replaced by `block` (markers kept), or, without
 * markers, with the marked block appended.
 * @throws Error when the markers are out of order or appear more than once.
 */
export function replaceMarkedBlock(document: string, block: string): string {
  const marked = `${BENCH_START}\n${block.trim()}\n${BENCH_END}`;
  const start = document.indexOf(BENCH_START);
  const end = document.indexOf(BENCH_END);
  if (start === -1 && end === -1)
    return `${document.replace(/\s*$/, "")}${document.trim() === "" ? "" : "\n\n"}${marked}\n`;
  if (
    start === -1 ||
    end < start ||
    document.indexOf(BENCH_START, start + 1) !== -1 ||
    document.indexOf(BENCH_END, end + 1) !== -1
  )
    throw new Error(`expected one ${BENCH_START} followed by one ${BENCH_END}`);
  return document.slice(0, start) + marked + document.slice(end + BENCH_END.length);
}
