// The window's first reading of the installation, begun the moment the page's script runs
// (main.ts), beside the display settings instead of after the first render: the installation,
// then its progress. The app's start waits on nothing else.
import { backend } from "./backend";
import type { ProgressView, SshQuestion, StatusReport } from "./types";

export type Opening = { report: StatusReport; view: ProgressView | null } | { error: unknown };

let asker: ((q: SshQuestion) => void) | null = null;
const early: SshQuestion[] = [];

/** Where ssh's questions go from now on; any asked before the window was ready go there now. */
export function askWith(ask: (q: SshQuestion) => void): void {
  asker = ask;
  for (const q of early.splice(0)) ask(q);
}

/** Opens the installation (the one named by FAMSYNC_BWDATA, else the last, else one found). */
export function open(): Promise<Opening> {
  const ask = (q: SshQuestion) => (asker ? asker(q) : void early.push(q));
  return backend
    .locate(ask)
    .then(async (report) => ({ report, view: await backend.progress().catch(() => null) }))
    .catch((error: unknown) => ({ error }));
}
