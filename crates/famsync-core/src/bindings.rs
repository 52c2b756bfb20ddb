//! The TypeScript declarations of everything the window receives or sends, generated from
//! the Rust types so the two cannot drift apart. `make bindings` writes them to
//! ui/src/lib/ipc.ts; the test `bindings` fails when that file is stale.

use ts_rs::TS;

pub fn typescript() -> String {
    use crate::{
        api, applied, backup, cloud, diff, envfile, error, follow, http, kind, licenses, links, places, plan,
        prefs, progress, readiness, recovery, region, remote, restart, runner, server, serverlog, status,
        tls, token, watch,
    };
    let decls = [
        kind::Kind::decl(),
        crate::helm_values::Refusal::decl(),
        region::Region::decl(),
        region::OtherCloud::decl(),
        region::PushRelay::decl(),
        region::RegionProblem::decl(),
        region::CloudState::decl(),
        licenses::PlanFamily::decl(),
        licenses::LicenseWarning::decl(),
        licenses::LicenseWrite::decl(),
        licenses::Organization::decl(),
        licenses::LicenseEntry::decl(),
        error::Error::decl(),
        envfile::Duplicate::decl(),
        envfile::Refusal::decl(),
        applied::StartRecord::decl(),
        status::EnvFileView::decl(),
        status::InstallationView::decl(),
        status::StatusReport::decl(),
        plan::Action::decl(),
        plan::PlanNote::decl(),
        plan::Plan::decl(),
        plan::Applied::decl(),
        backup::Backup::decl(),
        recovery::Broken::decl(),
        diff::ChangeKind::decl(),
        diff::ChangeNote::decl(),
        diff::Change::decl(),
        runner::ScriptCommand::decl(),
        runner::Stream::decl(),
        runner::OutputLine::decl(),
        runner::FailureCause::decl(),
        runner::Outcome::decl(),
        runner::ScriptAccount::decl(),
        runner::LockHolder::decl(),
        token::TokenReason::decl(),
        api::ClientIdReason::decl(),
        api::Holds::decl(),
        api::BillingSync::decl(),
        api::Synced::decl(),
        api::SignedIn::decl(),
        api::OrganizationWord::decl(),
        api::ServerWord::decl(),
        links::Links::decl(),
        watch::Change::decl(),
        progress::StepId::decl(),
        progress::StepStatus::decl(),
        progress::Why::decl(),
        progress::Step::decl(),
        progress::Progress::decl(),
        progress::SeenToken::decl(),
        progress::SeenSync::decl(),
        progress::Record::decl(),
        tls::Pin::decl(),
        tls::CertProblem::decl(),
        tls::Presented::decl(),
        http::Stage::decl(),
        http::HttpFailure::decl(),
        cloud::CloudHosts::decl(),
        cloud::CheckId::decl(),
        cloud::CheckResult::decl(),
        cloud::Check::decl(),
        cloud::Preflight::decl(),
        server::ServerConfig::decl(),
        server::ServerWarning::decl(),
        server::ServerReport::decl(),
        readiness::Readiness::decl(),
        restart::Event::decl(),
        restart::Finished::decl(),
        restart::Confirmation::decl(),
        remote::TargetField::decl(),
        remote::ServerForm::decl(),
        remote::askpass::Prompt::decl(),
        remote::askpass::Question::decl(),
        places::Place::decl(),
        follow::Event::decl(),
        serverlog::Problem::decl(),
        serverlog::Finding::decl(),
        serverlog::UnreadLog::decl(),
        serverlog::JobRun::decl(),
        serverlog::LogScan::decl(),
        prefs::Language::decl(),
        prefs::Theme::decl(),
        prefs::Preferences::decl(),
        prefs::Display::decl(),
    ];
    let mut out = String::from("// Generated from famsync-core by `make bindings`. Do not edit.\n\n");
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
