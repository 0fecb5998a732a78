import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

// A real SMTP server on loopback (npm smtp-server) for the tests that read
// what Roster emails: it keeps every message, can refuse recipients, and
// decodes the text parts of a MIME message (quoted-printable or base64).

export type Received = { to: string[]; data: string };

export type Smtp = {
  port: number;
  url: string;
  received: Received[];
  refuse: (on: boolean) => void;
  close: () => Promise<void>;
  /** The newest message to `address` that arrived after `since` messages, once it is there. */
  next: (address: string, since?: number) => Promise<Mail>;
};

export async function startSmtp(options: { refusing?: boolean } = {}): Promise<Smtp> {
  let refusing = options.refusing ?? false;
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(_address: unknown, _session: unknown, callback: (error?: Error) => void) {
      if (!refusing) return callback();
      const error = Object.assign(new Error("5.1.1 Mailbox unavailable"), { responseCode: 550 });
      callback(error);
    },
    onData(stream: NodeJS.ReadableStream, session: { envelope: { rcptTo: { address: string }[] } }, callback: () => void) {
      let data = "";
      stream.on("data", (chunk: Buffer) => (data += chunk.toString()));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
        waiters.splice(0).forEach((w) => w());
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  const port = (smtp.server.address() as AddressInfo).port;
  const next = async (address: string, since = 0): Promise<Mail> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = received.slice(since).filter((m) => m.to.includes(address)).pop();
      if (found) return parseMail(found.data);
      if (Date.now() > deadline) throw new Error(`no mail to ${address} within 15 s`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 1_000);
      });
    }
  };
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse: (on) => (refusing = on),
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
    next,
  };
}

/** A message's headers and its decoded text parts. */
export type Mail = { headers: Record<string, string>; text: string; html: string | null; raw: string };

export function parseMail(raw: string): Mail {
  const parsed = parsePart(raw.replace(/\r\n/g, "\n"));
  const parts = flatten(parsed);
  const text = parts.find((p) => p.type.startsWith("text/plain"))?.body ?? "";
  const html = parts.find((p) => p.type.startsWith("text/html"))?.body ?? null;
  return { headers: parsed.headers, text, html, raw };
}

type Part = { headers: Record<string, string>; type: string; body: string; parts: Part[] };

function parsePart(source: string): Part {
  const split = source.indexOf("\n\n");
  const head = split < 0 ? source : source.slice(0, split);
  const rest = split < 0 ? "" : source.slice(split + 2);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const type = (headers["content-type"] ?? "text/plain").toLowerCase();
  const boundary = /boundary="?([^";]+)"?/i.exec(headers["content-type"] ?? "")?.[1];
  if (type.startsWith("multipart/") && boundary) {
    const parts = rest
      .split(`--${boundary}`)
      .slice(1)
      .filter((p) => !p.startsWith("--"))
      .map((p) => parsePart(p.replace(/^\n/, "")));
    return { headers, type, body: "", parts };
  }
  return { headers, type, body: decode(rest, headers["content-transfer-encoding"] ?? ""), parts: [] };
}

function flatten(part: Part): Part[] {
  return part.parts.length ? part.parts.flatMap(flatten) : [part];
}

function decode(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    case "quoted-printable": {
      const bytes = body.replace(/=\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
      return Buffer.from(bytes, "latin1").toString("utf8");
    }
    default:
      return body;
  }
}

/** The 6-digit code of a sign-in message (outside any link). */
export function codeOf(mail: Mail): string {
  const match = /(?<![\w-])(\d{6})(?![\w-])/.exec(mail.text.replace(/https?:\/\/\S+/g, ""));
  if (!match) throw new Error(`no code in:\n${mail.text}`);
  return match[1];
}

/** The first link of a message whose path is `path` (`/sign-in/link`, `/invitations/accept`). */
export function linkOf(mail: Mail, path: string): string {
  const escaped = path.replace(/[/]/g, "\\/");
  const match = new RegExp(`https?://\\S+${escaped}\\?token=[\\w-]+`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in:\n${mail.text}`);
  return match[0];
}
