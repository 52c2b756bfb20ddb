import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { loadDisplay } from "./lib/display.svelte";
import { open } from "./lib/opening";

// The installation is read from the first moment, beside the display settings. When that
// reading is quick, as it is for one on this computer, the window's first frame is its real
// status, with no "looking…" frame before it; a slow one (ssh) shows "looking…" after QUICK_MS.
const QUICK_MS = 150;
const opening = open();
const quick = Promise.race([opening, new Promise((done) => setTimeout(done, QUICK_MS))]);
// The language and theme are known before the first paint: no flash of English or of light.
void Promise.all([loadDisplay(), quick]).then(() =>
  mount(App, { target: document.getElementById("app")!, props: { opening } }),
);
