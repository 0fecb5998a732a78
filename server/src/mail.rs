//! Outgoing email. Every message goes to the outbox table in the caller's
//! transaction; when an SMTP URL is configured it is also sent with lettre,
//! after the transaction commits (a rolled-back write never sends mail).

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use uuid::Uuid;

use crate::store::outbox::{self, OutboxRow};
use crate::store::{Conn, Store};

/// Sender address of every message.
pub const FROM: &str = "Roster <no-reply@roster.invalid>";

#[derive(Clone)]
pub struct Mailer {
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
}

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
        Ok(Self { smtp })
    }

    pub fn outbox_only() -> Self {
        Self { smtp: None }
    }

    /// Sends what was queued, in the background; failures are logged, the
    /// outbox keeps the message either way.
    pub fn deliver(&self, store: &Store, messages: Vec<OutboxRow>) {
        let Some(smtp) = self.smtp.clone() else {
            return;
        };
        let store = store.clone();
        tokio::spawn(async move {
            for m in messages {
                let email = match build(&m) {
                    Ok(email) => email,
                    Err(e) => {
                        eprintln!("mail to {} not built: {e}", m.to_email);
                        continue;
                    }
                };
                match smtp.send(email).await {
                    Ok(_) => {
                        if let Ok(mut conn) = store.read().await {
                            let now = chrono::Utc::now().timestamp_millis();
                            if let Err(e) = outbox::mark_sent(&mut conn, &m.id, now).await {
                                eprintln!("outbox {} not marked sent: {e}", m.id);
                            }
                        }
                    }
                    Err(e) => eprintln!("mail to {} not sent: {e}", m.to_email),
                }
            }
        });
    }
}

fn build(m: &OutboxRow) -> Result<Message, String> {
    let from: Mailbox = FROM.parse().map_err(|e| format!("{e}"))?;
    let to: Mailbox = m.to_email.parse().map_err(|e| format!("{e}"))?;
    Message::builder()
        .from(from)
        .to(to)
        .subject(m.subject.clone())
        .body(m.body.clone())
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
    };
    outbox::insert(conn, &row).await?;
    Ok(row)
}
