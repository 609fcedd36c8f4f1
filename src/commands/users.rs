//! `hotline users add|token|list|disable`: the workbench's accounts.

use std::io::{BufRead, Write};

use hotline::error::{Error, Result};
use hotline::workflow::Role;

use super::{io, open_workflow as open};
use crate::cli::UsersCommand;

pub(super) fn run(c: UsersCommand, out: &mut dyn Write) -> Result<()> {
    match c {
        UsersCommand::Add(a) => {
            let role = Role::parse(&a.role).map_err(|message| Error::Flag {
                flag: "--role".into(),
                message,
            })?;
            let mut password = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut password)
                .map_err(|e| Error::read("<stdin>", e))?;
            let password = password.trim_end_matches(['\n', '\r']);
            let w = open(&a.workflow)?;
            let u = w.add_user(
                &a.name,
                role,
                a.department.as_deref(),
                password,
                chrono::Local::now().naive_local(),
            )?;
            writeln!(
                out,
                "added {} ({}{}) to {}",
                u.name,
                u.role.as_str(),
                u.department.map(|d| format!(", {d}")).unwrap_or_default(),
                w.path().display()
            )
            .map_err(io)
        }
        UsersCommand::Token(a) => {
            let token = open(&a.workflow)?.new_token(&a.name)?;
            writeln!(out, "{token}").map_err(io)
        }
        UsersCommand::List(w) => {
            for u in open(&w)?.users()? {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}",
                    u.name,
                    u.role.as_str(),
                    u.department.as_deref().unwrap_or("-"),
                    if u.disabled { "disabled" } else { "enabled" }
                )
                .map_err(io)?;
            }
            Ok(())
        }
        UsersCommand::Disable(a) => {
            open(&a.workflow)?.disable_user(&a.name)?;
            writeln!(out, "disabled {}", a.name).map_err(io)
        }
    }
}
