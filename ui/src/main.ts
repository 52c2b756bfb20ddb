import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { loadDisplay } from "./lib/display.svelte";

// The language and theme are known before the first paint: no flash of English or of light.
void loadDisplay().then(() => mount(App, { target: document.getElementById("app")! }));
