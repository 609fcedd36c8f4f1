//! Accounts: a name, a role and, for a department, which one. Passwords
//! are kept as argon2id PHC strings (RFC 9106; the `argon2` crate of
//! RustCrypto) with a random salt and OWASP's parameters (19 MiB, 2
//! passes); API tokens and session cookies are random 32-byte values of
//! which only the SHA-256 is stored, so a copy of the database lets no one
//! in.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{Duration, NaiveDateTime};
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::Workflow;
use super::db::err;
use crate::error::{Error, Result};

/// argon2id memory (KiB) and passes for new passwords: OWASP's
/// recommendation (19 MiB, 2 passes, 1 lane).
pub const MEMORY_KIB: u32 = 19 * 1024;
pub const PASSES: u32 = 2;
/// How long a session lasts.
pub const SESSION_HOURS: i64 = 12;

/// What an account may see and do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The hotline centre: sees every warning, assigns, reassigns, presses.
    Centre,
    /// Reads every warning and the analyses; acts on none.
    Analyst,
    /// Sees only the warnings routed to its department; signs, answers,
    /// closes or returns them.
    Department,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Centre => "centre",
            Role::Analyst => "analyst",
            Role::Department => "department",
        }
    }

    /// 热线中心 / 分析员 / 承办单位.
    pub fn label(self) -> &'static str {
        match self {
            Role::Centre => "热线中心",
            Role::Analyst => "分析员",
            Role::Department => "承办单位",
        }
    }

    /// Parses `centre`, `analyst` or `department`.
    pub fn parse(s: &str) -> std::result::Result<Role, String> {
        match s {
            "centre" | "center" => Ok(Role::Centre),
            "analyst" => Ok(Role::Analyst),
            "department" => Ok(Role::Department),
            _ => Err(format!(
                "`{s}` is no role; use centre, analyst or department"
            )),
        }
    }
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub name: String,
    pub role: Role,
    /// The department a department account acts for.
    pub department: Option<String>,
    pub disabled: bool,
}

/// 32 random bytes from the operating system, as hex.
pub(super) fn random_hex() -> Result<String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| Error::Input {
        what: "random numbers".into(),
        message: format!("the operating system gave none: {e}"),
    })?;
    Ok(hex::encode(b))
}

fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

fn hash_password(password: &str, (memory_kib, passes): (u32, u32)) -> Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| Error::Input {
        what: "random numbers".into(),
        message: format!("the operating system gave none: {e}"),
    })?;
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a salt");
    let params = Params::new(memory_kib, passes, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Input {
            what: "password".into(),
            message: format!("cannot be hashed: {e}"),
        })
}

/// Whether `password` is the one of the PHC string `stored` (its own
/// parameters, so older costs still verify).
fn password_matches(stored: &str, password: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = r.get(1)?;
    Ok(User {
        name: r.get(0)?,
        role: Role::parse(&role).unwrap_or(Role::Analyst),
        department: r.get(2)?,
        disabled: r.get::<_, i64>(3)? != 0,
    })
}

const USER_COLUMNS: &str = "name, role, department, disabled";

impl Workflow {
    /// Adds an account. A department account names its department.
    pub fn add_user(
        &self,
        name: &str,
        role: Role,
        department: Option<&str>,
        password: &str,
        now: NaiveDateTime,
    ) -> Result<User> {
        let input = |message: String| Error::Input {
            what: format!("user {name}"),
            message,
        };
        if name.trim().is_empty() {
            return Err(input("a user needs a name".into()));
        }
        let department = department.map(str::trim).filter(|d| !d.is_empty());
        if role == Role::Department && department.is_none() {
            return Err(input(
                "a department account names its department (--department 市城市管理局)".into(),
            ));
        }
        if password.chars().count() < 8 {
            return Err(input("the password needs at least 8 characters".into()));
        }
        if self.user(name)?.is_some() {
            return Err(input("there is already a user of that name".into()));
        }
        self.conn
            .execute(
                "INSERT INTO users (name, role, department, password, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![name, role.as_str(), department, hash_password(password, self.password_cost)?, now.to_string()],
            )
            .map_err(|e| err(&self.path, "add a user", e))?;
        Ok(User {
            name: name.to_string(),
            role,
            department: department.map(String::from),
            disabled: false,
        })
    }

    /// The account of `name`, disabled or not.
    pub fn user(&self, name: &str) -> Result<Option<User>> {
        self.conn
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE name = ?1"),
                [name],
                user_row,
            )
            .optional()
            .map_err(|e| err(&self.path, "read a user", e))
    }

    /// Every account, by name.
    pub fn users(&self) -> Result<Vec<User>> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY name"))
            .map_err(|e| err(&self.path, "list users", e))?;
        st.query_map([], user_row)
            .and_then(|rows| rows.collect())
            .map_err(|e| err(&self.path, "list users", e))
    }

    /// Disables `name`: its password, token and sessions stop working.
    pub fn disable_user(&self, name: &str) -> Result<()> {
        let n = self
            .conn
            .execute(
                "UPDATE users SET disabled = 1, token = NULL WHERE name = ?1",
                [name],
            )
            .map_err(|e| err(&self.path, "disable a user", e))?;
        if n == 0 {
            return Err(Error::Input {
                what: format!("user {name}"),
                message: "no such user; `hotline users list` shows them".into(),
            });
        }
        self.conn
            .execute("DELETE FROM sessions WHERE user_name = ?1", [name])
            .map_err(|e| err(&self.path, "end a user's sessions", e))?;
        Ok(())
    }

    /// The enabled account whose password this is.
    pub fn login(&self, name: &str, password: &str) -> Result<Option<User>> {
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT password FROM users WHERE name = ?1 AND disabled = 0",
                [name],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| err(&self.path, "check a password", e))?;
        match stored {
            Some(s) if password_matches(&s, password) => self.user(name),
            _ => Ok(None),
        }
    }

    /// A new API token for `name` (the old one stops working); shown once.
    pub fn new_token(&self, name: &str) -> Result<String> {
        let token = random_hex()?;
        let n = self
            .conn
            .execute(
                "UPDATE users SET token = ?1 WHERE name = ?2 AND disabled = 0",
                params![sha256_hex(&token), name],
            )
            .map_err(|e| err(&self.path, "store a token", e))?;
        if n == 0 {
            return Err(Error::Input {
                what: format!("user {name}"),
                message: "no such enabled user; `hotline users list` shows them".into(),
            });
        }
        Ok(token)
    }

    /// The enabled account of an API token.
    pub fn user_by_token(&self, token: &str) -> Result<Option<User>> {
        self.conn
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE token = ?1 AND disabled = 0"),
                [sha256_hex(token)],
                user_row,
            )
            .optional()
            .map_err(|e| err(&self.path, "check a token", e))
    }

    /// A new session for `name`: the cookie value, valid [`SESSION_HOURS`].
    pub fn new_session(&self, name: &str, now: NaiveDateTime) -> Result<String> {
        // Expired sessions go as new ones come, so the table stays small.
        self.conn
            .execute(
                "DELETE FROM sessions WHERE expires_at <= ?1",
                [now.to_string()],
            )
            .map_err(|e| err(&self.path, "forget expired sessions", e))?;
        let id = random_hex()?;
        self.conn
            .execute(
                "INSERT INTO sessions (id, user_name, expires_at) VALUES (?1, ?2, ?3)",
                params![
                    sha256_hex(&id),
                    name,
                    (now + Duration::hours(SESSION_HOURS)).to_string()
                ],
            )
            .map_err(|e| err(&self.path, "start a session", e))?;
        Ok(id)
    }

    /// The enabled account of a session cookie that has not expired.
    pub fn user_by_session(&self, id: &str, now: NaiveDateTime) -> Result<Option<User>> {
        self.conn
            .query_row(
                "SELECT u.name, u.role, u.department, u.disabled FROM sessions s \
                 JOIN users u ON u.name = s.user_name \
                 WHERE s.id = ?1 AND s.expires_at > ?2 AND u.disabled = 0",
                params![sha256_hex(id), now.to_string()],
                user_row,
            )
            .optional()
            .map_err(|e| err(&self.path, "check a session", e))
    }

    /// Ends a session (logout).
    pub fn end_session(&self, id: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM sessions WHERE id = ?1", [sha256_hex(id)])
            .map_err(|e| err(&self.path, "end a session", e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2024, 6, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    #[test]
    fn passwords_are_argon2id_strings_that_verify_only_themselves() {
        let h = hash_password("correct horse", (1024, 1)).unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"), "{h}");
        assert!(password_matches(&h, "correct horse"));
        assert!(!password_matches(&h, "correct horse "));
        assert!(!password_matches("not a hash", "x"));
        assert_ne!(
            h,
            hash_password("correct horse", (1024, 1)).unwrap(),
            "salted"
        );
    }

    #[test]
    fn accounts_log_in_with_their_password_token_and_session_until_disabled() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Workflow::open(&dir.path().join("w.sqlite")).unwrap();
        w.set_password_cost(1024, 1);
        let u = w
            .add_user(
                "城管",
                Role::Department,
                Some("市城市管理局"),
                "s3cret-pass",
                now(),
            )
            .unwrap();
        assert_eq!(u.department.as_deref(), Some("市城市管理局"));
        assert!(w.login("城管", "wrong-pass").unwrap().is_none());
        assert_eq!(w.login("城管", "s3cret-pass").unwrap(), Some(u.clone()));
        let token = w.new_token("城管").unwrap();
        assert_eq!(w.user_by_token(&token).unwrap(), Some(u.clone()));
        let session = w.new_session("城管", now()).unwrap();
        assert_eq!(w.user_by_session(&session, now()).unwrap(), Some(u));
        assert!(
            w.user_by_session(&session, now() + Duration::hours(SESSION_HOURS + 1))
                .unwrap()
                .is_none(),
            "sessions expire"
        );
        w.disable_user("城管").unwrap();
        assert!(w.login("城管", "s3cret-pass").unwrap().is_none());
        assert!(w.user_by_token(&token).unwrap().is_none());
        assert!(w.user_by_session(&session, now()).unwrap().is_none());
        // A department account must name its department; names are unique.
        let e = w
            .add_user("x", Role::Department, None, "long-enough", now())
            .unwrap_err();
        assert!(e.to_string().contains("--department"), "{e}");
        let e = w
            .add_user("城管", Role::Centre, None, "long-enough", now())
            .unwrap_err();
        assert!(e.to_string().contains("already"), "{e}");
        // Nothing secret is stored as given.
        let conn = rusqlite::Connection::open(w.path()).unwrap();
        let (pw, tok): (String, Option<String>) = conn
            .query_row("SELECT password, token FROM users", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert!(!pw.contains("s3cret") && tok.is_none());
    }
}
