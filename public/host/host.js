// The example console's script. It plays the host's part: it has its own
// sign-in (here the demo sign-in of the reference server), hands Roster a
// token and a getToken for refreshes, and logs every event Roster sends.
//
// Query parameters (for trying things out, and for the e2e tests):
//   admin=EMAIL     who manages the organization (default partner@roster.demo)
//   invitee=EMAIL   whose invitations the second widget shows (default sam@roster.demo)
//   org=UUID        the organization of the first widget (default: the admin's first)
//   theme=light|dark|auto
//   mount=none      mount nothing: the tests call window.consoleHost.Roster.mount themselves
import { Roster } from "../roster-embed.js";

const params = new URLSearchParams(location.search);
const apiBase = new URL("../api/v1", import.meta.url).href;
const admin = params.get("admin") ?? "partner@roster.demo";
const invitee = params.get("invitee") ?? "sam@roster.demo";
const theme = params.get("theme") ?? undefined;

/** The console's own session service: a fresh token for `email`. */
async function getToken(email) {
  const response = await fetch(`${apiBase}/auth/demo-sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
  return (await response.json()).token;
}

const EVENTS = [
  "roster:ready",
  "roster:organization-changed",
  "roster:invitations-sent",
  "roster:invitation-accepted",
  "roster:member-removed",
  "roster:error",
  "roster:before-invite",
];

const log = document.getElementById("event-log");
const veto = document.getElementById("veto");

/** Logs Roster's events of `element` on screen; returns the listener remover. */
function listen(element, label) {
  const onEvent = (event) => {
    if (event.type === "roster:before-invite" && veto.checked) event.preventDefault();
    const item = document.createElement("li");
    const vetoed = event.defaultPrevented ? " (vetoed)" : "";
    item.textContent = `[${label}] ${event.type}${vetoed} ${JSON.stringify(event.detail)}`;
    log.append(item);
    item.scrollIntoView({ block: "nearest" });
  };
  for (const name of EVENTS) element.addEventListener(name, onEvent);
  return () => EVENTS.forEach((name) => element.removeEventListener(name, onEvent));
}

document.getElementById("clear-log").addEventListener("click", () => log.replaceChildren());

const membersEl = document.getElementById("members-widget");
const mineEl = document.getElementById("mine-widget");
listen(membersEl, "members");
listen(mineEl, "invitations");

let members = null;

// For the tests and for anyone poking at the console from devtools.
window.consoleHost = {
  Roster,
  getToken,
  apiBase,
  get members() {
    return members;
  },
};

async function start() {
  if (params.get("mount") === "none") return;
  const adminToken = await getToken(admin);
  const orgs = await fetch(`${apiBase}/organizations?page_size=100&order_by=name`, {
    headers: { Authorization: `Bearer ${adminToken}` },
  }).then((r) => r.json());
  const orgId = params.get("org") ?? orgs.items[0]?.id;

  // The console's own organization picker drives the widget with setOrganization.
  const select = document.getElementById("org-select");
  const known = orgs.items.some((o) => o.id === orgId);
  const choices = known ? orgs.items : [{ id: orgId, name: "Requested organization" }, ...orgs.items];
  select.replaceChildren(...choices.map((o) => new Option(o.name, o.id, false, o.id === orgId)));
  select.disabled = false;

  const mountMembers = async () => {
    members = await Roster.mount(membersEl, {
      apiBase,
      token: adminToken,
      getToken: () => getToken(admin),
      organizationId: select.value,
      view: "users",
      theme,
    });
  };
  select.addEventListener("change", () => members?.setOrganization(select.value));
  const toggle = document.getElementById("toggle-members");
  toggle.addEventListener("click", async () => {
    if (members?.mounted) {
      members.unmount();
      toggle.textContent = "Mount";
    } else {
      await mountMembers();
      toggle.textContent = "Unmount";
    }
  });

  document.getElementById("invitee-name").textContent = `Signed in to the console as ${invitee}`;
  await Promise.all([
    mountMembers(),
    Roster.mount(mineEl, {
      apiBase,
      getToken: () => getToken(invitee),
      view: "my-invitations",
      theme,
    }),
  ]);
}

start().catch((error) => {
  const item = document.createElement("li");
  item.textContent = `[console] ${error.message}`;
  log.append(item);
});
