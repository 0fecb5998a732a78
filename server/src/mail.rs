//! Outgoing email. Every message goes to the outbox table in the caller's
//! transaction; when an SMTP URL is configured it is also sent with lettre,
//! after the transaction commits (a rolled-back write never sends mail), and
//! its row records whether the mail server took it.
//!
//! Secrets: outside demo mode the outbox row is written without the link
//! (whose token accepts the invitation); only the message handed to SMTP, in
//! memory, carries it. A copy of the database then accepts nothing.

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use uuid::Uuid;

use roster_api::{DeliveryStatus, Language};

use crate::store::outbox::{self, OutboxRow};
use crate::store::{Conn, Store};

/// Sender address of every message.
pub const FROM: &str = "Roster <no-reply@roster.invalid>";

#[derive(Clone)]
pub struct Mailer {
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
    /// Demo mode: the outbox keeps links (the demo shows them).
    keep_links: bool,
}

/// What a failed delivery records when no mail server is configured.
pub const NO_SMTP: &str = "No mail server is configured (--smtp-url)";

impl Mailer {
    /// `smtp_url` as lettre reads it (`smtp://host:25`, `smtps://user:pass@host`).
    pub fn new(smtp_url: Option<&str>) -> Result<Self, String> {
        let smtp = match smtp_url {
            Some(url) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("invalid --smtp-url: {e}"))?
                    .build(),
            ),
            None => None,
        };
        Ok(Self {
            smtp,
            keep_links: false,
        })
    }

    /// The demo's mailer: no SMTP, the outbox is the delivery and keeps links.
    pub fn outbox_only() -> Self {
        Self {
            smtp: None,
            keep_links: true,
        }
    }

    /// Whether this mailer sends mail (an SMTP server is configured).
    pub fn sends(&self) -> bool {
        self.smtp.is_some()
    }

    /// Whether the outbox keeps links (demo mode only).
    pub fn keeping_links(mut self, keep: bool) -> Self {
        self.keep_links = keep;
        self
    }

    /// Puts a message in the outbox, in the caller's transaction: without its
    /// link unless in demo mode, marked `sending` when SMTP will send it,
    /// `delivered` when the demo outbox is its delivery, `failed` when there
    /// is no way to deliver it. Answers the whole message, for [`Mailer::deliver`].
    pub async fn queue(
        &self,
        conn: &mut Conn,
        mut row: OutboxRow,
    ) -> Result<OutboxRow, sqlx::Error> {
        // A message whose secret the outbox never keeps (a sign-in code) is
        // not delivered by the demo's outbox either.
        let outbox_delivers = self.keep_links && row.stored_body.is_none();
        let (delivery, error) = match (&self.smtp, outbox_delivers) {
            (Some(_), _) => (DeliveryStatus::Sending, None),
            (None, true) => (DeliveryStatus::Delivered, None),
            (None, false) => (DeliveryStatus::Failed, Some(NO_SMTP.to_owned())),
        };
        row.delivery = delivery.as_str().to_owned();
        row.delivery_error = error;
        outbox::insert(conn, &row.to_store(self.keep_links)).await?;
        Ok(row)
    }

    /// Sends what was queued, in the background, and records each outcome
    /// on its outbox row (a refusal or an unreachable server: `failed`, with
    /// the reason). The secret in a message lives only in memory until then.
    pub fn deliver(&self, store: &Store, messages: Vec<OutboxRow>) {
        let Some(smtp) = self.smtp.clone() else {
            return;
        };
        let store = store.clone();
        tokio::spawn(async move {
            for m in messages {
                let sent = match build(&m) {
                    Ok(email) => smtp
                        .send(email)
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string()),
                    Err(e) => Err(e),
                };
                // Never log the message itself: its body holds a secret.
                if let Err(e) = &sent {
                    eprintln!("mail {} not delivered: {e}", m.id);
                }
                let recorded = async {
                    let mut tx = store.write().await?;
                    match &sent {
                        Ok(()) => {
                            let now = chrono::Utc::now().timestamp_millis();
                            outbox::mark_sent(&mut tx, &m.id, now).await?
                        }
                        Err(e) => outbox::mark_failed(&mut tx, &m.id, &short_reason(e)).await?,
                    }
                    tx.commit().await
                }
                .await;
                if let Err(e) = recorded {
                    eprintln!("outbox {} delivery not recorded: {e}", m.id);
                }
            }
        });
    }
}

/// Outside demo mode, on start: removes the links a demo server (or an older
/// version) left in the outbox, so no live invitation token stays at rest.
pub async fn forget_outbox_links(store: &Store) -> Result<(), String> {
    let forget = async {
        let mut tx = store.write().await?;
        let n = outbox::forget_links(&mut tx).await?;
        tx.commit().await?;
        Ok::<u64, sqlx::Error>(n)
    };
    match forget.await {
        Ok(0) => Ok(()),
        Ok(n) => {
            eprintln!("removed the links of {n} outbox messages (kept only in demo mode)");
            Ok(())
        }
        Err(e) => Err(format!("cannot clean the outbox: {e}")),
    }
}

/// The mail server's answer, on one line and at most 300 characters.
fn short_reason(e: &str) -> String {
    let line: String = e.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line,
    }
}

fn build(m: &OutboxRow) -> Result<Message, String> {
    let from: Mailbox = FROM.parse().map_err(|e| format!("{e}"))?;
    let to: Mailbox = m.to_email.parse().map_err(|e| format!("{e}"))?;
    let builder = Message::builder()
        .from(from)
        .to(to)
        .subject(m.subject.clone());
    match &m.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(
            m.body.clone(),
            html.clone(),
        )),
        None => builder.body(m.body.clone()),
    }
    .map_err(|e| format!("{e}"))
}

/// The invitation email.
pub struct InvitationMail<'a> {
    pub to: &'a str,
    pub organization_name: &'a str,
    pub inviter_name: &'a str,
    pub link: &'a str,
    pub invitation_id: &'a str,
    pub resend: bool,
}

/// Queues an invitation message in the outbox; answers the row for [`Mailer::deliver`].
pub async fn queue_invitation(
    conn: &mut Conn,
    mailer: &Mailer,
    m: &InvitationMail<'_>,
    now: i64,
) -> Result<OutboxRow, sqlx::Error> {
    let subject = if m.resend {
        format!(
            "Reminder: {} invited you to join {} on Roster",
            m.inviter_name, m.organization_name
        )
    } else {
        format!(
            "{} invited you to join {} on Roster",
            m.inviter_name, m.organization_name
        )
    };
    let body = format!(
        "Hello,\n\n{} invited you to join {} on Roster.\n\nOpen this link to accept or decline:\n{}\n\n\
         The link works once and expires in 3 days. If you did not expect this invitation, ignore this message.\n",
        m.inviter_name, m.organization_name, m.link
    );
    let row = OutboxRow {
        id: Uuid::new_v4().to_string(),
        to_email: m.to.to_owned(),
        subject,
        body,
        link: Some(m.link.to_owned()),
        invitation_id: Some(m.invitation_id.to_owned()),
        created_at: now,
        delivery: String::new(),
        delivery_error: None,
        html: None,
        stored_body: None,
    };
    mailer.queue(conn, row).await
}

/// The sign-in email: the code and the link, in the asked language.
pub struct SignInMail<'a> {
    pub to: &'a str,
    pub code: &'a str,
    pub link: &'a str,
    pub language: Language,
}

/// Subject, plain text and HTML of a sign-in message. No image, no remote
/// resource, no tracking: the HTML is the plain text with the code set large.
/// The subject never holds the code (the outbox keeps subjects).
pub fn sign_in_message(m: &SignInMail<'_>) -> (String, String, String) {
    let minutes = roster_api::SIGN_IN_CODE_MINUTES;
    // French typography: a no-break space before : ? !
    let (subject, hello, code_is, or_link, valid, ignore) = match m.language {
        Language::En => (
            "Your Roster sign-in code".to_owned(),
            "Hello,".to_owned(),
            "Your code to sign in to Roster:".to_owned(),
            "Or open this link to sign in:".to_owned(),
            format!("The code and the link are valid {minutes} minutes and work once."),
            "If you did not ask to sign in, ignore this message: nobody can sign in without the code or the link."
                .to_owned(),
        ),
        Language::Fr => (
            "Votre code de connexion à Roster".to_owned(),
            "Bonjour,".to_owned(),
            "Votre code pour vous connecter à Roster\u{a0}:".to_owned(),
            "Ou ouvrez ce lien pour vous connecter\u{a0}:".to_owned(),
            format!(
                "Le code et le lien sont valables {minutes}\u{a0}minutes et ne servent qu’une fois."
            ),
            "Si vous n’avez pas demandé à vous connecter, ignorez ce message\u{a0}: personne ne peut se connecter sans le code ou le lien."
                .to_owned(),
        ),
    };
    let text = format!(
        "{hello}\n\n{code_is}\n\n    {code}\n\n{or_link}\n{link}\n\n{valid}\n\n{ignore}\n",
        code = m.code,
        link = m.link
    );
    let lang = match m.language {
        Language::En => "en",
        Language::Fr => "fr",
    };
    let link = html_escape(m.link);
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\n\
         <body style=\"font-family: sans-serif; line-height: 1.5\">\n\
         <p>{hello}</p>\n<p>{code_is}</p>\n\
         <p style=\"font-size: 1.75em; font-weight: bold; letter-spacing: 0.2em\">{code}</p>\n\
         <p>{or_link}<br><a href=\"{link}\">{link}</a></p>\n<p>{valid}</p>\n<p>{ignore}</p>\n\
         </body></html>\n",
        title = html_escape(&subject),
        hello = html_escape(&hello),
        code_is = html_escape(&code_is),
        code = html_escape(m.code),
        or_link = html_escape(&or_link),
        valid = html_escape(&valid),
        ignore = html_escape(&ignore),
    );
    (subject, text, html)
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Queues a sign-in message: the outbox keeps only that one was sent (never
/// the code nor the link, in demo mode too); answers the whole message for
/// [`Mailer::deliver`].
pub async fn queue_sign_in(
    conn: &mut Conn,
    mailer: &Mailer,
    m: &SignInMail<'_>,
    now: i64,
) -> Result<OutboxRow, sqlx::Error> {
    let (subject, body, html) = sign_in_message(m);
    let row = OutboxRow {
        id: Uuid::new_v4().to_string(),
        to_email: m.to.to_owned(),
        subject,
        body,
        link: None,
        invitation_id: None,
        created_at: now,
        delivery: String::new(),
        delivery_error: None,
        html: Some(html),
        stored_body: Some(outbox::SIGN_IN_NOT_KEPT.to_owned()),
    };
    mailer.queue(conn, row).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_messages_in_both_languages() {
        for language in [Language::En, Language::Fr] {
            let (subject, text, html) = sign_in_message(&SignInMail {
                to: "a@example.com",
                code: "012345",
                link: "http://x.test/sign-in/link?token=abc&x=<y>",
                language,
            });
            assert!(!subject.contains("012345"));
            assert!(text.contains("012345") && html.contains("012345"));
            assert!(text.contains("token=abc"));
            assert!(html.contains("token=abc&amp;x=&lt;y&gt;"));
            assert!(!html.contains("<img") && !html.contains("src="));
            if language == Language::Fr {
                assert!(!text.contains(" :") && !text.contains(" ?") && !text.contains(" !"));
                assert!(text.contains("10\u{a0}minutes"), "{text}");
            }
        }
    }
}
