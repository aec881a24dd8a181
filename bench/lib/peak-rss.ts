// The peak memory of a bench child, measured in the child.
import { readFileSync } from "node:fs";

/**
 * This process's own peak RSS: Linux's VmHWM, the high-water mark of its memory map.
 * getrusage's maxRSS (process.resourceUsage()) of a child that Node starts carries the
 * parent's peak over: a child that allocates nothing reports a 400 MiB parent's 400 MiB
 * (Node 20 and 24 alike), and the CSV bench's children all reported 1,266 MiB.
 */
export function peakRssKiB(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (hwm) return Number(hwm[1]);
  } catch {
    // Not Linux: getrusage's figure, which is this process's own elsewhere.
  }
  return process.resourceUsage().maxRSS;
}
