import { beforeEach, describe, expect, test, vi } from "vitest";
import type { ProgressView, SshQuestion, StatusReport } from "./types";

// The backend stands in for Tauri: locate hands its question callback to the test.
const calls = vi.hoisted(() => ({ ask: null as ((q: SshQuestion) => void) | null, locate: vi.fn(), progress: vi.fn() }));
vi.mock("./backend", () => ({
  backend: {
    locate: (onQuestion: (q: SshQuestion) => void) => {
      calls.ask = onQuestion;
      return calls.locate();
    },
    progress: () => calls.progress(),
  },
}));

const report = { installation: { bwdata: "/opt/bitwarden/bwdata" } } as unknown as StatusReport;
const view = { record: { last_step: "region" } } as unknown as ProgressView;
const question = (id: number) => ({ id, prompt: { kind: "passphrase" } }) as unknown as SshQuestion;

beforeEach(() => {
  vi.resetModules();
  calls.locate.mockReset();
  calls.progress.mockReset();
});

describe("open", () => {
  test("the installation and then its progress", async () => {
    const { open } = await import("./opening");
    calls.locate.mockResolvedValue(report);
    calls.progress.mockResolvedValue(view);
    expect(await open()).toEqual({ report, view });
  });

  test("an installation whose progress cannot be read still opens", async () => {
    const { open } = await import("./opening");
    calls.locate.mockResolvedValue(report);
    calls.progress.mockRejectedValue({ code: "keyring_unavailable" });
    expect(await open()).toEqual({ report, view: null });
  });

  test("no installation: the error, for step 0 to explain", async () => {
    const { open } = await import("./opening");
    calls.locate.mockRejectedValue({ code: "no_installation_found" });
    expect(await open()).toEqual({ error: { code: "no_installation_found" } });
    expect(calls.progress).not.toHaveBeenCalled();
  });
});

describe("ssh's questions while the window opens", () => {
  test("asked before the window is ready: kept, in order, and handed over once", async () => {
    const { open, askWith } = await import("./opening");
    calls.locate.mockReturnValue(new Promise(() => {}));
    void open();
    calls.ask!(question(1));
    calls.ask!(question(2));
    const seen: number[] = [];
    askWith((q) => seen.push(q.id));
    expect(seen).toEqual([1, 2]);
    calls.ask!(question(3));
    expect(seen).toEqual([1, 2, 3]);
  });

  test("asked after: straight to the window", async () => {
    const { open, askWith } = await import("./opening");
    calls.locate.mockReturnValue(new Promise(() => {}));
    const seen: number[] = [];
    askWith((q) => seen.push(q.id));
    void open();
    calls.ask!(question(7));
    expect(seen).toEqual([7]);
  });
});
