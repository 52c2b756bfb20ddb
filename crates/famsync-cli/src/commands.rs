//! What each subcommand does: find the installation, call the core, print.

use crate::args::{BackupsCommand, Cli, Command, WriteArgs};
use crate::messages::{describe, exit, exit_code};
use crate::{locate, render};
use famsync_core::plan::{self, Action, Applied, Plan};
use famsync_core::runner::ScriptCommand;
use famsync_core::{backup, recovery, sample, serverlog, status, Error, Installation};
use serde_json::json;
use std::io::{IsTerminal, Write};

/// What a yes was asked for: each has its own way to go on without a prompt.
#[derive(Clone, Copy)]
pub enum Asked {
    /// A write to the env file (--yes, or --dry-run to only look).
    Write,
    /// Running bitwarden.sh (--yes).
    Restart,
    /// Accepting an SSH host key (accept-host-key).
    HostKey,
}

pub enum Failure {
    Engine(Error),
    /// A write, a restart or a host key needed a yes: `declined` when the user said no at the
    /// prompt, else there was no terminal to ask.
    NotConfirmed {
        declined: bool,
        asked: Asked,
    },
    /// A command about an SSH server was given no --host.
    HostMissing,
    /// `login` without a terminal to ask client_id at, and no --client-id.
    ClientIdMissing,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Engine(e)
    }
}

/// Runs the command; Ok holds the exit code (0, or how a restart ended).
pub fn run(cli: &Cli) -> Result<u8, Failure> {
    let json = cli.global.json;
    locate::choose_data_dir()?;
    let done = match &cli.command {
        Command::Check { region } => return crate::check::run(cli, region.map(Into::into)),
        Command::Restart { run } => return crate::restart::run(cli, ScriptCommand::Restart, run),
        Command::Start { run } => return crate::restart::run(cli, ScriptCommand::Start, run),
        Command::Sample { reset } => sample_cmd(*reset, json),
        Command::AcceptHostKey { fingerprint } => accept_host_key(cli, fingerprint),
        Command::Confirm { step, org } => return crate::progress::confirm(cli, *step, &org.id),
        Command::Watch => return crate::watch::run(cli),
        Command::Report {
            output,
            force,
            no_checks,
        } => return crate::report::run(cli, output.as_deref(), *force, *no_checks),
        Command::Links { org } => return crate::links::run(cli, &org.id),
        Command::Token { command } => return crate::token::run(cli, command),
        Command::Login { client_id } => return crate::login::log_in(cli, client_id.as_deref()),
        Command::Logout => return crate::login::log_out(cli),
        Command::Sync { org } => return crate::login::sync(cli, &org.id),
        Command::Trust { fingerprint, forget } => {
            return crate::trust::run(cli, fingerprint.as_deref(), *forget)
        }
        Command::Status { ask_server } => {
            let inst = locate::installation(&cli.global)?;
            let report = status::with_applied(status::current(&inst)?, &locate::data_dir());
            let server = crate::server_word::status(&inst, *ask_server)?;
            let steps = crate::progress::of(&report);
            let logs = serverlog::scan(&inst, serverlog::server_today());
            let mut value = serde_json::to_value(&report).unwrap_or_default();
            value["progress"] = serde_json::to_value(steps.as_ref().map(|s| &s.1)).unwrap_or_default();
            value["server_log"] = serde_json::to_value(&logs).unwrap_or_default();
            value["server"] = serde_json::to_value(&server).unwrap_or_default();
            let damaged = crate::progress::damaged(&report);
            value["progress_damaged"] =
                json!(damaged.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>());
            print_out(json, &value, || {
                let mut text = render::status(&report);
                if let Some((record, p)) = &steps {
                    crate::progress::render(&mut text, record, p, &locate::invocation(&inst));
                }
                crate::progress::render_damaged(&mut text, &damaged);
                crate::server_word::render(&mut text, &server);
                crate::log_words::render(&mut text, &logs);
                text
            });
            Ok(())
        }
        Command::Enable {
            region,
            push_relay,
            write,
        } => {
            let action = Action::Enable {
                region: (*region).into(),
                push_relay: *push_relay,
            };
            change(
                cli,
                write,
                |inst| plan::preview(inst, action),
                |inst, rev| plan::apply(inst, action, Some(rev)),
            )
        }
        Command::Disable { write } => change(
            cli,
            write,
            |inst| plan::preview(inst, Action::Disable),
            |inst, rev| plan::apply(inst, Action::Disable, Some(rev)),
        ),
        Command::Backups {
            command: BackupsCommand::List,
        } => backups_list(cli),
        Command::Backups {
            command: BackupsCommand::Restore { name, write },
        } => change(
            cli,
            write,
            |inst| recovery::preview_restore(inst, name),
            |inst, rev| recovery::restore(inst, name, Some(rev)),
        ),
    };
    done.map(|()| exit::OK)
}

fn sample_cmd(reset: bool, json: bool) -> Result<(), Failure> {
    let inst = sample::open(&locate::data_dir(), reset)?;
    print_out(json, &inst, || {
        format!(
            "Sample installation ready at {}\nTry: famsync --sample status\n",
            inst.bwdata.display()
        )
    });
    Ok(())
}

fn accept_host_key(cli: &Cli, fingerprint: &str) -> Result<(), Failure> {
    let Some(target) = cli.global.host.as_deref() else {
        return Err(Failure::HostMissing);
    };
    famsync_core::remote::accept_host_key(target, fingerprint, &locate::ssh_options())?;
    print_out(
        cli.global.json,
        &json!({ "host": target, "accepted": fingerprint }),
        || format!("Accepted the host key of {target}.\nNow: famsync --host {target} status\n"),
    );
    Ok(())
}

/// Preview, confirm, apply: the one flow every write takes, so the user always confirms the
/// exact diff that gets written (apply refuses if the file changed since the preview).
fn change(
    cli: &Cli,
    write: &WriteArgs,
    preview: impl Fn(&Installation) -> famsync_core::Result<Plan>,
    apply: impl Fn(&Installation, &str) -> famsync_core::Result<Applied>,
) -> Result<(), Failure> {
    let json = cli.global.json;
    let inst = locate::installation(&cli.global)?;
    let plan = preview(&inst)?;
    let file = locate::shown(&inst, &inst.env_file);
    if !json {
        sample_banner(&inst);
        print!("{}", render::visible(&render::changes(&file, &plan)));
    }
    if !plan.writes || write.dry_run {
        if json {
            println!(
                "{}",
                json!({ "plan": plan, "applied": null, "dry_run": write.dry_run })
            );
        } else if write.dry_run && plan.writes {
            println!("Dry run: nothing was written.");
        }
        return Ok(());
    }
    confirm(
        write.yes,
        Asked::Write,
        "Write these changes? A backup is made first. [y/N] ",
    )?;
    let applied = apply(&inst, &plan.revision)?;
    if json {
        println!(
            "{}",
            json!({ "plan": plan, "applied": applied, "dry_run": false })
        );
    } else {
        print!("{}", render::visible(&written(&applied, &inst)));
    }
    Ok(())
}

fn sample_banner(inst: &Installation) {
    if inst.sample {
        println!("SAMPLE INSTALLATION: famsync's practice copy, not a real Bitwarden server.");
    }
}

fn written(applied: &Applied, inst: &Installation) -> String {
    let famsync = locate::invocation(inst);
    let naming = locate::naming(inst);
    // famsync's own restart where it runs the apply; the owner's command where it does not.
    // Without running anything (a Helm plan would ask the cluster).
    let apply = match inst.kind.runs(inst) {
        Some(runs) => format!("{famsync} restart{naming} (it runs {runs})"),
        None => match inst
            .kind
            .apply(inst, famsync_core::runner::ScriptCommand::Restart)
        {
            Err(famsync_core::Error::ApplyByHand { command, .. }) => command,
            Err(famsync_core::Error::HelmReleaseNeeded { .. }) => {
                format!("{famsync} restart{naming} --release NAME --namespace NAMESPACE")
            }
            _ => format!("{famsync} restart{naming}"),
        },
    };
    let mut text = match &applied.backup {
        Some(name) => format!(
            "Written. The previous file is saved as {name}\n  undo with: {famsync} backups restore {name}{naming}\nRestart Bitwarden to apply it: {apply}\n"
        ),
        None => "Written.\nRestart Bitwarden to apply it.\n".into(),
    };
    if !applied.not_pruned.is_empty() {
        text.push_str(&format!(
            "famsync could not delete {} old backups beside the env file (they hold its secrets): {}. Delete them as their owner.\n",
            applied.not_pruned.len(),
            applied.not_pruned.join(", ")
        ));
    }
    text
}

/// Runs the engine's async checks from the CLI's plain `main`.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(future)
}

/// `yes`, or a y at the terminal's prompt; without a terminal, not confirmed.
pub fn confirm(yes: bool, asked: Asked, prompt: &str) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::NotConfirmed {
            declined: false,
            asked,
        });
    }
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let answer = crate::secret_input::read_line();
    match answer.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err(Failure::NotConfirmed {
            declined: true,
            asked,
        }),
    }
}

fn backups_list(cli: &Cli) -> Result<(), Failure> {
    let inst = locate::installation(&cli.global)?;
    let list = backup::list(&inst)?;
    print_out(cli.global.json, &list, || {
        if list.is_empty() {
            return format!("No famsync backups beside {}.\n", inst.env_file.display());
        }
        let rows: Vec<String> = list
            .iter()
            .map(|b| format!("{}  {}  {} bytes", b.name, b.created, b.size))
            .collect();
        format!("{}\n", rows.join("\n"))
    });
    Ok(())
}

fn print_out<T: serde::Serialize>(json: bool, value: &T, text: impl FnOnce() -> String) {
    if json {
        println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
    } else {
        print!("{}", render::visible(&text()));
    }
}

/// Prints a failure (stderr for text, stdout for --json) and returns the exit code.
pub fn report(failure: &Failure, json: bool) -> u8 {
    let (code, error, what, fix) = match failure {
        Failure::Engine(e) => {
            let (what, fix) = describe(e);
            (exit_code(e), json!(e), what, fix)
        }
        Failure::HostMissing => (
            exit::INVALID,
            json!({ "code": "host_missing" }),
            "Which server? This command needs --host.".to_string(),
            "Pass --host user@server (or set FAMSYNC_HOST), as for the other commands.".to_string(),
        ),
        Failure::ClientIdMissing => (
            exit::INVALID,
            json!({ "code": "client_id_missing" }),
            "No client_id: there is no terminal to ask for it (standard input carries the secret).".to_string(),
            "Pass --client-id user.… as shown with the key (Account settings → Security → Keys → View API key).".to_string(),
        ),
        Failure::NotConfirmed { declined, asked } => {
            let what = if *declined {
                "You answered no."
            } else {
                "No terminal to ask for confirmation."
            };
            let fix = match asked {
                Asked::Write => "Nothing was written. Pass --yes to write without asking, or --dry-run to only look.",
                Asked::Restart => "Nothing was run. Pass --yes to run it without asking.",
                Asked::HostKey => "Nothing was accepted. Compare the fingerprints, then: famsync --host HOST accept-host-key FINGERPRINT",
            };
            (
                exit::NOT_CONFIRMED,
                json!({ "code": "not_confirmed" }),
                what.to_string(),
                fix.to_string(),
            )
        }
    };
    if json {
        println!("{}", json!({ "error": error, "exit_code": code }));
    } else {
        eprintln!("famsync: {}\n  {}", render::visible(&what), render::visible(&fix));
    }
    code
}
