// Roster's stable entry for host pages: `import { Roster } from "…/roster-embed.js"`.
//
// Trunk fingerprints the app's files (roster-<hash>.js, *_bg.wasm, one CSS
// file per component) so that they can be cached forever. This small module
// keeps a fixed name instead: it reads the current names from the index.html
// that Trunk wrote next to it (the one file Trunk always rewrites with them, so
// no build step of ours can drift), loads the wasm module once, and adds
// Roster's stylesheets to the host page while at least one widget is mounted.
// It defines the <roster-widget> custom element on the same API.
// No inline script or handler anywhere: it works under a strict CSP.

const INDEX = new URL("index.html", import.meta.url);

let loading = null;

/** Loads the app module once: `{ app, styles }`. */
function load() {
  if (!loading) {
    loading = (async () => {
      const response = await fetch(INDEX, { cache: "no-cache", credentials: "omit" });
      if (!response.ok) throw new Error(`Roster: cannot load ${INDEX} (HTTP ${response.status})`);
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      const url = (link) => new URL(link.getAttribute("href"), response.url).href;
      const js = doc.querySelector('link[rel="modulepreload"][href$=".js"]');
      const wasm = doc.querySelector('link[rel="preload"][href$=".wasm"]');
      if (!js || !wasm) throw new Error(`Roster: ${INDEX} names no app module`);
      // standalone.css styles the standalone page's <html> and <body>: never a host's.
      const styles = [...doc.querySelectorAll('link[rel="stylesheet"]')]
        .map(url)
        .filter((href) => !/\/standalone-[^/]*\.css$/.test(href));
      const app = await import(url(js));
      await app.default({ module_or_path: url(wasm) });
      return { app, styles };
    })();
    // A failed load (offline) may be tried again by the next mount.
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}

// Roster's stylesheets, in the host's <head> while any widget is mounted.
let styleUsers = 0;
let styleLinks = [];
let stylesReady = Promise.resolve();

function addStyles(styles) {
  if (styleUsers++ === 0) {
    // First in <head>: on equal specificity the host's own rules win.
    const anchor = document.head.firstChild;
    styleLinks = styles.map((href) => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.dataset.roster = "";
      document.head.insertBefore(link, anchor);
      return link;
    });
    stylesReady = Promise.all(
      styleLinks.map(
        (link) =>
          new Promise((resolve) => {
            link.addEventListener("load", resolve, { once: true });
            link.addEventListener("error", resolve, { once: true });
          }),
      ),
    );
  }
  return stylesReady;
}

function removeStyles() {
  if (--styleUsers === 0) {
    for (const link of styleLinks) link.remove();
    styleLinks = [];
  }
}

/** Elements holding a widget: one widget per element. */
const mountedOn = new WeakSet();

/**
 * Mounts Roster into `element`.
 * @param {HTMLElement} element where the widget goes (its events are dispatched here)
 * @param {{apiBase?: string, token?: string, getToken?: () => Promise<string>|string,
 *   organizationId?: string, view?: "app"|"users"|"invitations"|"invite"|"my-invitations",
 *   basePath?: string, locale?: string, theme?: "light"|"dark"|"auto"}} options
 * @returns {Promise<{unmount(): void, setOrganization(id: string): void,
 *   setToken(token: string|null): void, readonly mounted: boolean}>}
 */
export async function mount(element, options = {}) {
  if (!(element instanceof HTMLElement)) throw new TypeError("Roster.mount: element must be an HTMLElement");
  if (mountedOn.has(element)) throw new Error("Roster.mount: this element already holds a Roster widget");
  mountedOn.add(element);
  let widget;
  try {
    const { app, styles } = await load();
    await addStyles(styles);
    try {
      widget = app.mount(element, options);
    } catch (error) {
      removeStyles();
      throw error;
    }
  } catch (error) {
    mountedOn.delete(element);
    throw error;
  }
  return Object.freeze({
    unmount() {
      if (!widget) return;
      widget.unmount();
      widget.free();
      widget = null;
      mountedOn.delete(element);
      removeStyles();
    },
    setOrganization(id) {
      widget?.setOrganization(String(id));
    },
    setToken(token) {
      widget?.setToken(token == null ? null : String(token));
    },
    get mounted() {
      return widget != null;
    },
  });
}

export const Roster = Object.freeze({ mount });
export default Roster;

/**
 * `<roster-widget api-base="/api/v1" organization-id="…" view="users" theme="dark">`:
 * mounted when connected, unmounted when removed. `token` as an attribute, or
 * `element.getToken = async () => …` as a property (set it before connecting).
 * Changing `organization-id` or `token` updates the widget; other attributes remount it.
 */
class RosterWidgetElement extends HTMLElement {
  static observedAttributes = ["api-base", "token", "organization-id", "view", "base-path", "locale", "theme"];

  #handle = null;
  #generation = 0;
  #connected = false;
  #pending = Promise.resolve();

  connectedCallback() {
    this.#connected = true;
    this.#mount();
  }

  disconnectedCallback() {
    this.#connected = false;
    this.#unmount();
  }

  attributeChangedCallback(name, before, after) {
    // Attributes present at creation arrive before connectedCallback.
    if (before === after || !this.#connected) return;
    if (name === "organization-id" && after && this.#handle) this.#handle.setOrganization(after);
    else if (name === "token" && this.#handle) this.#handle.setToken(after);
    else {
      this.#unmount();
      this.#mount();
    }
  }

  /** The widget's handle once mounted (`null` before). */
  get roster() {
    return this.#handle;
  }

  #unmount() {
    this.#generation++;
    this.#handle?.unmount();
    this.#handle = null;
  }

  #mount() {
    const generation = ++this.#generation;
    const attr = (name) => this.getAttribute(name) ?? undefined;
    // One mount at a time: a remount waits for the previous one to settle.
    const previous = this.#pending;
    this.#pending = (async () => {
      await previous;
      if (generation !== this.#generation) return;
      const options = {
        apiBase: attr("api-base"),
        token: attr("token"),
        getToken: () => (typeof this.getToken === "function" ? this.getToken() : null),
        organizationId: attr("organization-id"),
        view: attr("view"),
        basePath: attr("base-path"),
        locale: attr("locale"),
        theme: attr("theme"),
      };
      try {
        const handle = await mount(this, options);
        if (generation !== this.#generation) handle.unmount();
        else this.#handle = handle;
      } catch (error) {
        if (generation !== this.#generation) return;
        const detail = { kind: "mount", message: String(error?.message ?? error) };
        this.dispatchEvent(new CustomEvent("roster:error", { detail, bubbles: true, composed: true }));
      }
    })();
  }
}

if (!customElements.get("roster-widget")) customElements.define("roster-widget", RosterWidgetElement);
