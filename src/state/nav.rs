//! Where the user is, and how to go elsewhere. The standalone app backs this
//! with the address bar ([`super::location`]); a host's single screen keeps it in
//! memory. Pages never read the URL themselves.

use std::rc::Rc;

use leptos::prelude::*;
use uuid::Uuid;

/// The kinds of page inside an organization. Switching organization keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrgPage {
    Details,
    Users,
    Invitations,
}

/// A screen of the app, independent of the base path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Home,
    SignIn,
    /// `/sign-in/link?token=…`: the emailed sign-in link.
    SignInLink,
    Directory,
    Org(Uuid, OrgPage),
    MyInvitations,
    AcceptInvitation,
    NotFound,
}

impl Screen {
    /// Reads a path relative to the base path (`/orgs/…/users`).
    pub fn parse(path: &str) -> Screen {
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] => Screen::Home,
            ["sign-in"] => Screen::SignIn,
            ["sign-in", "link"] => Screen::SignInLink,
            ["orgs"] => Screen::Directory,
            ["orgs", id, rest @ ..] => {
                let Ok(id) = Uuid::parse_str(id) else {
                    return Screen::NotFound;
                };
                match rest {
                    [] => Screen::Org(id, OrgPage::Details),
                    ["users"] => Screen::Org(id, OrgPage::Users),
                    ["invitations"] => Screen::Org(id, OrgPage::Invitations),
                    _ => Screen::NotFound,
                }
            }
            ["invitations"] => Screen::MyInvitations,
            ["invitations", "accept"] => Screen::AcceptInvitation,
            _ => Screen::NotFound,
        }
    }

    /// The path of this screen, relative to the base path.
    pub fn path(&self) -> String {
        match self {
            Screen::Home => "/".to_owned(),
            Screen::SignIn => "/sign-in".to_owned(),
            Screen::SignInLink => "/sign-in/link".to_owned(),
            Screen::Directory => "/orgs".to_owned(),
            Screen::Org(id, OrgPage::Details) => format!("/orgs/{id}"),
            Screen::Org(id, OrgPage::Users) => format!("/orgs/{id}/users"),
            Screen::Org(id, OrgPage::Invitations) => format!("/orgs/{id}/invitations"),
            Screen::MyInvitations => "/invitations".to_owned(),
            Screen::AcceptInvitation => "/invitations/accept".to_owned(),
            Screen::NotFound => "/not-found".to_owned(),
        }
    }

    /// The organization this screen is about, if any.
    pub fn org_id(&self) -> Option<Uuid> {
        match self {
            Screen::Org(id, _) => Some(*id),
            _ => None,
        }
    }

    /// Where to go when the user picks organization `id` here: the same kind
    /// of page when already inside an organization, its users otherwise.
    pub fn switched_to(&self, id: Uuid) -> Screen {
        match self {
            Screen::Org(_, page) => Screen::Org(id, *page),
            _ => Screen::Org(id, OrgPage::Users),
        }
    }
}

/// Joins a base path (`""`, `/console/roster`) and a screen path.
pub fn join_base(base: &str, path: &str) -> String {
    let base = base.trim_end_matches('/');
    if path == "/" && !base.is_empty() {
        return base.to_owned();
    }
    format!("{base}{path}")
}

/// Strips the base path from a location path; `None` when outside the base.
pub fn strip_base<'a>(base: &str, path: &'a str) -> Option<&'a str> {
    let base = base.trim_end_matches('/');
    let rest = path.strip_prefix(base)?;
    if rest.is_empty() {
        Some("/")
    } else if rest.starts_with('/') {
        Some(rest)
    } else {
        None
    }
}

type GoFn = Rc<dyn Fn(&Screen, &str, bool)>;

/// Navigation (context).
#[derive(Clone, Copy)]
pub struct Nav {
    /// The screen shown now.
    pub screen: Signal<Screen>,
    base: StoredValue<String>,
    go: StoredValue<GoFn, LocalStorage>,
}

impl Nav {
    /// `go(screen, query, replace)` performs a navigation; `query` is `""` or `?a=b`.
    pub fn new(
        base: &str,
        screen: Signal<Screen>,
        go: impl Fn(&Screen, &str, bool) + 'static,
    ) -> Self {
        Nav {
            screen,
            base: StoredValue::new(base.trim_end_matches('/').to_owned()),
            go: StoredValue::new_local(Rc::new(go)),
        }
    }

    /// The link of `screen`, base path included.
    pub fn href(&self, screen: &Screen) -> String {
        join_base(&self.base.get_value(), &screen.path())
    }

    pub fn go(&self, screen: Screen) {
        (self.go.get_value())(&screen, "", false);
    }

    /// Replaces the current history entry (redirects).
    pub fn replace(&self, screen: Screen) {
        (self.go.get_value())(&screen, "", true);
    }

    /// Switches organization, staying on the same kind of page.
    pub fn switch_org(&self, id: Uuid) {
        let target = self.screen.get_untracked().switched_to(id);
        self.go(target);
    }
}

pub fn use_nav() -> Nav {
    expect_context::<Nav>()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "6f1c2a52-7a43-4c55-9a3e-0d6c3f3b2a10";

    #[test]
    fn parses_every_route() {
        let id = Uuid::parse_str(ID).unwrap();
        assert_eq!(Screen::parse("/"), Screen::Home);
        assert_eq!(Screen::parse(""), Screen::Home);
        assert_eq!(Screen::parse("/orgs"), Screen::Directory);
        assert_eq!(Screen::parse("/orgs/"), Screen::Directory);
        assert_eq!(
            Screen::parse(&format!("/orgs/{ID}")),
            Screen::Org(id, OrgPage::Details)
        );
        assert_eq!(
            Screen::parse(&format!("/orgs/{ID}/users")),
            Screen::Org(id, OrgPage::Users)
        );
        assert_eq!(
            Screen::parse(&format!("/orgs/{ID}/invitations")),
            Screen::Org(id, OrgPage::Invitations)
        );
        assert_eq!(Screen::parse("/orgs/not-a-uuid/users"), Screen::NotFound);
        assert_eq!(Screen::parse(&format!("/orgs/{ID}/nope")), Screen::NotFound);
        assert_eq!(Screen::parse("/invitations"), Screen::MyInvitations);
        assert_eq!(
            Screen::parse("/invitations/accept"),
            Screen::AcceptInvitation
        );
        assert_eq!(Screen::parse("/sign-in"), Screen::SignIn);
        assert_eq!(Screen::parse("/sign-in/link"), Screen::SignInLink);
        assert_eq!(Screen::parse("/elsewhere"), Screen::NotFound);
    }

    #[test]
    fn path_round_trips() {
        let id = Uuid::parse_str(ID).unwrap();
        for s in [
            Screen::Home,
            Screen::Directory,
            Screen::Org(id, OrgPage::Users),
            Screen::Org(id, OrgPage::Details),
            Screen::Org(id, OrgPage::Invitations),
            Screen::MyInvitations,
            Screen::AcceptInvitation,
            Screen::SignIn,
            Screen::SignInLink,
        ] {
            assert_eq!(Screen::parse(&s.path()), s);
        }
    }

    #[test]
    fn switching_keeps_the_kind_of_page() {
        let a = Uuid::parse_str(ID).unwrap();
        let b = Uuid::nil();
        assert_eq!(
            Screen::Org(a, OrgPage::Invitations).switched_to(b),
            Screen::Org(b, OrgPage::Invitations)
        );
        assert_eq!(
            Screen::Org(a, OrgPage::Details).switched_to(b),
            Screen::Org(b, OrgPage::Details)
        );
        assert_eq!(
            Screen::Directory.switched_to(b),
            Screen::Org(b, OrgPage::Users)
        );
    }

    #[test]
    fn base_paths() {
        assert_eq!(join_base("", "/orgs"), "/orgs");
        assert_eq!(
            join_base("/console/roster/", "/orgs"),
            "/console/roster/orgs"
        );
        assert_eq!(join_base("/console", "/"), "/console");
        assert_eq!(strip_base("/console", "/console/orgs"), Some("/orgs"));
        assert_eq!(strip_base("/console", "/console"), Some("/"));
        assert_eq!(strip_base("/console", "/consoleX"), None);
        assert_eq!(strip_base("", "/orgs"), Some("/orgs"));
    }
}
