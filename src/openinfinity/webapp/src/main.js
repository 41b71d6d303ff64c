// Entry point: mounts the app frame into <div id="app"> of the shell page.
import { html, render } from "./lib/html.js";
import { App } from "./shell/App.js";

render(html`<${App} />`, document.getElementById("app"));
