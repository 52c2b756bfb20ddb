//! Every code the engine can send to the window has words in the UI's English catalog. The
//! `match`es below list every variant with no wildcard, so a new variant does not compile
//! until it is added here, and then this test asks for its catalog entry.

use famsync_core::cloud::{CheckId, CheckResult};
use famsync_core::diff::{ChangeKind, ChangeNote};
use famsync_core::http::{HttpFailure, Stage};
use famsync_core::licenses::{LicenseWarning, PlanFamily};
use famsync_core::plan::PlanNote;
use famsync_core::region::RegionProblem;
use famsync_core::runner::FailureCause;
use famsync_core::server::ServerWarning;
use famsync_core::tls::CertProblem;
use famsync_core::Error;
use serde_json::{json, Value};
use std::path::PathBuf;

fn code_of<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v).unwrap() {
        Value::String(s) => s,
        obj => obj["code"].as_str().unwrap().to_string(),
    }
}

fn errors() -> Vec<Error> {
    let p = PathBuf::new;
    let all = vec![
        Error::PathMissing { path: p() },
        Error::NotABwdata { path: p() },
        Error::NoInstallationFound { searched: vec![] },
        Error::PermissionDenied {
            path: p(),
            owner: None,
            user: None,
        },
        Error::EnvFileMissing { path: p() },
        Error::EnvFileEmpty { path: p() },
        Error::EnvFileNotUtf8 { path: p(), line: 1 },
        Error::EnvFileBinary { path: p(), offset: 0 },
        Error::EnvFileTooLarge {
            path: p(),
            size: 0,
            limit: 0,
        },
        Error::EnvFileSymlink {
            path: p(),
            target: p(),
        },
        Error::EnvFolderLink {
            path: p(),
            target: p(),
        },
        Error::EnvFileNotRegular { path: p() },
        Error::ReadOnlyFilesystem { path: p() },
        Error::EnvFileChanged { path: p() },
        Error::EnvFileRefusedByCompose {
            path: p(),
            line: 0,
            reason: famsync_core::envfile::Refusal::SpaceInKey,
        },
        Error::EnvValueFromEnvironment {
            path: p(),
            key: String::new(),
            line: 0,
        },
        Error::OwnerNotKept {
            path: p(),
            owner: None,
        },
        Error::LicenseInvalid {
            path: p(),
            line: 0,
            column: 0,
        },
        Error::LicenseFieldInvalid {
            path: p(),
            field: String::new(),
        },
        Error::AccessNotKept {
            path: p(),
            attribute: String::new(),
        },
        Error::EnvFileWorldWritable { path: p() },
        Error::Immutable { path: p() },
        Error::FolderNotWritable {
            folder: p(),
            mode: String::new(),
        },
        Error::CloudNotServed {
            cloud: String::new(),
            domain: String::new(),
        },
        Error::FileNotReadable {
            path: p(),
            mode: String::new(),
        },
        Error::FileNotWritable {
            path: p(),
            mode: String::new(),
        },
        Error::InstallationIdMissing {
            path: p(),
            key: String::new(),
        },
        Error::LicensesInContainer {
            volume: String::new(),
            path: String::new(),
        },
        Error::ApplyByHand {
            command: String::new(),
            folder: p(),
        },
        Error::LicensesInCluster { path: String::new() },
        Error::LogsInContainer { path: String::new() },
        Error::InstallationIdInSecret { path: p() },
        Error::HelmReleaseNeeded { values: p() },
        Error::KubeContextMissing { said: None },
        Error::HelmReleaseNotFound {
            release: String::new(),
            namespace: String::new(),
            chart: None,
            said: None,
        },
        Error::HelmValuesRefused {
            path: p(),
            reason: famsync_core::helm_values::Refusal::NotYaml,
        },
        Error::InstallationIdInvalid { path: p(), line: 0 },
        Error::BackupNotFound {
            name: String::new(),
            dir: p(),
        },
        Error::ScriptMissing { dir: p() },
        Error::ScriptNotExecutable { script: p() },
        Error::ScriptNotTrusted {
            path: p(),
            script: p(),
            owner: "".into(),
            mode: String::new(),
            runner: "".into(),
        },
        Error::PageRefused { url: String::new() },
        Error::NoPrivateFolder {
            runtime: None,
            variable: String::new(),
        },
        Error::RootConsentRequired { script: p() },
        Error::TokenInvalid {
            reason: famsync_core::token::TokenReason::Empty,
        },
        Error::OrganizationIdInvalid { text: String::new() },
        Error::KeyringUnavailable,
        Error::KeyringLocked,
        Error::KeyringRefused,
        Error::SshTargetInvalid {
            field: famsync_core::remote::TargetField::Host,
            text: String::new(),
        },
        Error::SshHostKeyUnknown {
            host: String::new(),
            fingerprint: String::new(),
        },
        Error::SshHostKeyChanged { host: String::new() },
        Error::SshAuthFailed { host: String::new() },
        Error::SshUnreachable { host: String::new() },
        Error::SshConnectionLost { host: String::new() },
        Error::SshNoAnswer {
            host: String::new(),
            seconds: 0,
        },
        Error::SshPathUnusable { path: p() },
        Error::SshToolMissing { tool: String::new() },
        Error::ToolMissing { tool: String::new() },
        Error::RemoteHelperFailed { host: String::new() },
        Error::RestartInProgress {
            bwdata: p(),
            holder: None,
        },
        Error::FingerprintInvalid { text: String::new() },
        Error::ServerUrlMissing { config: p() },
        Error::OutputExists { path: p() },
        Error::OutputNotAFile { path: p() },
        Error::OutputFolderMissing { folder: p() },
        Error::OutputInsideInstallation {
            path: p(),
            bwdata: p(),
        },
        Error::DiskFull { path: p() },
        Error::NotARegularFile { path: p() },
        Error::FileTooLarge {
            path: p(),
            size: 0,
            limit: 0,
        },
        Error::ApiClientIdInvalid {
            reason: famsync_core::api::ClientIdReason::NotUserId,
        },
        Error::ApiSecretInvalid {
            reason: famsync_core::token::TokenReason::Empty,
        },
        Error::ApiKeyRejected {
            server: String::new(),
        },
        Error::ApiSignInRefused {
            server: String::new(),
            error: String::new(),
        },
        Error::ServerRequestFailed {
            failure: HttpFailure::at(Stage::Connect, "", None),
        },
        Error::ApiNotSignedIn {
            server: String::new(),
        },
        Error::ApiNotOwner {
            organization: String::new(),
        },
        Error::ApiLicenseNotVerified {
            organization: String::new(),
        },
        Error::ApiRefused {
            server: String::new(),
            message: String::new(),
        },
        Error::LicenseInUse {
            organization: String::new(),
        },
        Error::ApiPlainHttp {
            server: String::new(),
        },
        Error::ApiServerChanged {
            kept: String::new(),
            now: String::new(),
        },
        Error::LicenseVersionUnsupported {
            organization: String::new(),
            version: 16,
        },
        Error::Io {
            path: p(),
            kind: String::new(),
            os_code: None,
        },
    ];
    for e in &all {
        match e {
            Error::PathMissing { .. }
            | Error::NotABwdata { .. }
            | Error::NoInstallationFound { .. }
            | Error::PermissionDenied { .. }
            | Error::EnvFileMissing { .. }
            | Error::EnvFileEmpty { .. }
            | Error::EnvFileNotUtf8 { .. }
            | Error::EnvFileBinary { .. }
            | Error::EnvFileTooLarge { .. }
            | Error::EnvFileSymlink { .. }
            | Error::EnvFolderLink { .. }
            | Error::EnvFileNotRegular { .. }
            | Error::ReadOnlyFilesystem { .. }
            | Error::EnvFileChanged { .. }
            | Error::EnvFileRefusedByCompose { .. }
            | Error::EnvValueFromEnvironment { .. }
            | Error::OwnerNotKept { .. }
            | Error::LicenseInvalid { .. }
            | Error::LicenseFieldInvalid { .. }
            | Error::AccessNotKept { .. }
            | Error::EnvFileWorldWritable { .. }
            | Error::Immutable { .. }
            | Error::FolderNotWritable { .. }
            | Error::FileNotWritable { .. }
            | Error::FileNotReadable { .. }
            | Error::CloudNotServed { .. }
            | Error::InstallationIdMissing { .. }
            | Error::LicensesInContainer { .. }
            | Error::ApplyByHand { .. }
            | Error::LicensesInCluster { .. }
            | Error::LogsInContainer { .. }
            | Error::InstallationIdInSecret { .. }
            | Error::HelmReleaseNeeded { .. }
            | Error::KubeContextMissing { .. }
            | Error::HelmReleaseNotFound { .. }
            | Error::HelmValuesRefused { .. }
            | Error::InstallationIdInvalid { .. }
            | Error::BackupNotFound { .. }
            | Error::ScriptMissing { .. }
            | Error::ScriptNotExecutable { .. }
            | Error::ScriptNotTrusted { .. }
            | Error::PageRefused { .. }
            | Error::NoPrivateFolder { .. }
            | Error::RootConsentRequired { .. }
            | Error::TokenInvalid { .. }
            | Error::OrganizationIdInvalid { .. }
            | Error::KeyringUnavailable
            | Error::KeyringLocked
            | Error::KeyringRefused
            | Error::SshTargetInvalid { .. }
            | Error::SshHostKeyUnknown { .. }
            | Error::SshHostKeyChanged { .. }
            | Error::SshAuthFailed { .. }
            | Error::SshUnreachable { .. }
            | Error::SshConnectionLost { .. }
            | Error::SshNoAnswer { .. }
            | Error::SshPathUnusable { .. }
            | Error::SshToolMissing { .. }
            | Error::ToolMissing { .. }
            | Error::RemoteHelperFailed { .. }
            | Error::RestartInProgress { .. }
            | Error::FingerprintInvalid { .. }
            | Error::ServerUrlMissing { .. }
            | Error::OutputExists { .. }
            | Error::OutputNotAFile { .. }
            | Error::OutputFolderMissing { .. }
            | Error::OutputInsideInstallation { .. }
            | Error::DiskFull { .. }
            | Error::NotARegularFile { .. }
            | Error::FileTooLarge { .. }
            | Error::ApiClientIdInvalid { .. }
            | Error::ApiSecretInvalid { .. }
            | Error::ApiKeyRejected { .. }
            | Error::ApiSignInRefused { .. }
            | Error::ServerRequestFailed { .. }
            | Error::ApiNotSignedIn { .. }
            | Error::TokenMissing { .. }
            | Error::LicenseSyncNotPossible { .. }
            | Error::LicenseSyncFailed { .. }
            | Error::ServerCloudCommunicationOff { .. }
            | Error::ApiNotOwner { .. }
            | Error::ApiLicenseNotVerified { .. }
            | Error::ApiRefused { .. }
            | Error::LicenseInUse { .. }
            | Error::ApiPlainHttp { .. }
            | Error::ApiServerChanged { .. }
            | Error::LicenseVersionUnsupported { .. }
            | Error::Io { .. } => {}
        }
    }
    all
}

fn license_warnings() -> Vec<LicenseWarning> {
    let all = vec![
        LicenseWarning::InstallationMismatch {
            license: String::new(),
            installation: String::new(),
        },
        LicenseWarning::PlanCannotSponsor { plan_type: None },
        LicenseWarning::Expired {
            expires: String::new(),
        },
        LicenseWarning::ExpiryUnreadable {
            expires: String::new(),
        },
        LicenseWarning::Trial,
        LicenseWarning::Disabled,
        LicenseWarning::VersionNotSupported {
            version: 0,
            newest: 0,
        },
    ];
    for w in &all {
        match w {
            LicenseWarning::InstallationMismatch { .. }
            | LicenseWarning::PlanCannotSponsor { .. }
            | LicenseWarning::Expired { .. }
            | LicenseWarning::ExpiryUnreadable { .. }
            | LicenseWarning::Trial
            | LicenseWarning::Disabled
            | LicenseWarning::VersionNotSupported { .. } => {}
        }
    }
    all
}

fn region_problems() -> Vec<RegionProblem> {
    let s = String::new;
    let all = vec![
        RegionProblem::RegionLineMismatch {
            key: s(),
            expected: None,
            found: None,
        },
        RegionProblem::RegionValueUnknown { key: s(), found: s() },
        RegionProblem::EnableValueUnknown { key: s(), found: s() },
    ];
    for p in &all {
        match p {
            RegionProblem::RegionLineMismatch { .. }
            | RegionProblem::RegionValueUnknown { .. }
            | RegionProblem::EnableValueUnknown { .. } => {}
        }
    }
    all
}

fn server_warnings() -> Vec<ServerWarning> {
    let s = String::new;
    let all = vec![
        ServerWarning::TooOldForSponsorships {
            version: s(),
            minimum: s(),
        },
        ServerWarning::TooOldForSyncLicense {
            version: s(),
            minimum: s(),
        },
        ServerWarning::RegionNotReported { version: s() },
        ServerWarning::RegionMismatch {
            expected: s(),
            reported: s(),
        },
        ServerWarning::PinnedCertificateExpired {
            host: s(),
            not_after: s(),
        },
    ];
    for w in &all {
        match w {
            ServerWarning::TooOldForSponsorships { .. }
            | ServerWarning::TooOldForSyncLicense { .. }
            | ServerWarning::RegionNotReported { .. }
            | ServerWarning::RegionMismatch { .. }
            | ServerWarning::PinnedCertificateExpired { .. } => {}
        }
    }
    all
}

/// Keys for the preflight: each check's name, each result, each failing result's fix, each stage.
fn preflight_keys() -> Vec<String> {
    let mut keys = Vec::new();
    for id in [
        CheckId::ApiReachable,
        CheckId::IdentityReachable,
        CheckId::PushReachable,
        CheckId::InstallationId,
        CheckId::InstallationKey,
    ] {
        match id {
            CheckId::ApiReachable
            | CheckId::IdentityReachable
            | CheckId::PushReachable
            | CheckId::InstallationId
            | CheckId::InstallationKey => keys.push(format!("check.{}", code_of(&id))),
        }
    }
    let failure = HttpFailure::at(Stage::Dns, "", None);
    let s = String::new;
    let results = [
        CheckResult::Ok,
        CheckResult::Unreachable { failure },
        CheckResult::InstallationUnknown {
            region: s(),
            belongs_to: None,
        },
        CheckResult::InstallationDisabled { region: s() },
        CheckResult::KeyRejected { region: s() },
        CheckResult::KeyCheckedRecently { again_in_secs: 0 },
        CheckResult::KeyRateLimited { again_in_secs: 0 },
        CheckResult::KeyMissing,
    ];
    for r in &results {
        let failing = match r {
            CheckResult::Ok | CheckResult::KeyCheckedRecently { .. } => false,
            CheckResult::Unreachable { .. }
            | CheckResult::InstallationUnknown { .. }
            | CheckResult::InstallationDisabled { .. }
            | CheckResult::KeyRejected { .. }
            | CheckResult::KeyRateLimited { .. }
            | CheckResult::KeyMissing => true,
        };
        keys.push(format!("result.{}", code_of(r)));
        // An unreachable host gets the fix of its failing stage (fix.stage.*, below).
        if failing && !matches!(r, CheckResult::Unreachable { .. }) {
            keys.push(format!("fix.result.{}", code_of(r)));
        }
    }
    for st in [
        Stage::Dns,
        Stage::Connect,
        Stage::Tls,
        Stage::Timeout,
        Stage::Http,
        Stage::Body,
    ] {
        match st {
            Stage::Dns | Stage::Connect | Stage::Tls | Stage::Timeout | Stage::Http | Stage::Body => {
                keys.push(format!("stage.{}", code_of(&st)));
                keys.push(format!("fix.stage.{}", code_of(&st)));
            }
        }
    }
    for c in [
        FailureCause::NoInstallation,
        FailureCause::UnknownCommand,
        FailureCause::NoCompose,
        FailureCause::Unknown,
    ] {
        match c {
            FailureCause::NoInstallation
            | FailureCause::UnknownCommand
            | FailureCause::NoCompose
            | FailureCause::Unknown => keys.push(format!("restart.cause.{}", code_of(&c))),
        }
    }
    for p in [
        CertProblem::SelfSigned,
        CertProblem::UnknownIssuer,
        CertProblem::Expired,
        CertProblem::NotYetValid,
        CertProblem::WrongName,
        CertProblem::Other,
    ] {
        match p {
            CertProblem::SelfSigned
            | CertProblem::UnknownIssuer
            | CertProblem::Expired
            | CertProblem::NotYetValid
            | CertProblem::WrongName
            | CertProblem::Other => keys.push(format!("cert.{}", code_of(&p))),
        }
    }
    keys
}

fn expected_keys() -> Vec<String> {
    let mut keys = preflight_keys();
    keys.extend(
        server_warnings()
            .iter()
            .map(|w| format!("server.warning.{}", code_of(w))),
    );
    for e in errors() {
        keys.push(format!("error.{}", e.code()));
        keys.push(format!("fix.{}", e.code()));
        assert_eq!(code_of(&e), e.code(), "code() and the JSON tag disagree");
    }
    keys.extend(
        license_warnings()
            .iter()
            .map(|w| format!("license.{}", code_of(w))),
    );
    keys.extend(
        region_problems()
            .iter()
            .map(|p| format!("problem.{}", code_of(p))),
    );
    let notes = [
        PlanNote::PushRelayStaysDisabled {
            key: String::new(),
            would_be: String::new(),
        },
        PlanNote::ReplacesDamagedFile {
            problem: String::new(),
        },
        PlanNote::RecreatesMissingFile,
        PlanNote::MovesAside {
            problem: String::new(),
        },
        PlanNote::BackupIsDamaged {
            problem: String::new(),
        },
        PlanNote::SplitsHardLink { links: 2 },
        PlanNote::OnlyOtherLinesDiffer,
    ];
    for note in &notes {
        match note {
            PlanNote::PushRelayStaysDisabled { .. }
            | PlanNote::ReplacesDamagedFile { .. }
            | PlanNote::RecreatesMissingFile
            | PlanNote::MovesAside { .. }
            | PlanNote::BackupIsDamaged { .. }
            | PlanNote::SplitsHardLink { .. }
            | PlanNote::OnlyOtherLinesDiffer => keys.push(format!("note.{}", code_of(note))),
        }
    }
    for f in [
        PlanFamily::Free,
        PlanFamily::Families,
        PlanFamily::Teams,
        PlanFamily::Enterprise,
        PlanFamily::Custom,
        PlanFamily::Unknown,
    ] {
        match f {
            PlanFamily::Free
            | PlanFamily::Families
            | PlanFamily::Teams
            | PlanFamily::Enterprise
            | PlanFamily::Custom
            | PlanFamily::Unknown => keys.push(format!("plan.{}", code_of(&f))),
        }
    }
    for k in [
        ChangeKind::Added,
        ChangeKind::Changed,
        ChangeKind::Removed,
        ChangeKind::Deduplicated,
    ] {
        match k {
            ChangeKind::Added | ChangeKind::Changed | ChangeKind::Removed | ChangeKind::Deduplicated => {
                keys.push(format!("diff.kind.{}", code_of(&k)))
            }
        }
    }
    match ChangeNote::TurnsPushRelayOn {
        n @ ChangeNote::TurnsPushRelayOn => keys.push(format!("diff.note.{}", code_of(&n))),
    }
    keys
}

/// Every coded value with the catalog keys that describe it.
fn coded_values() -> Vec<(Value, Vec<String>)> {
    let mut out: Vec<(Value, Vec<String>)> = Vec::new();
    for e in errors() {
        out.push((
            json!(e),
            vec![format!("error.{}", e.code()), format!("fix.{}", e.code())],
        ));
    }
    out.extend(
        license_warnings()
            .iter()
            .map(|w| (json!(w), vec![format!("license.{}", code_of(w))])),
    );
    out.extend(
        region_problems()
            .iter()
            .map(|p| (json!(p), vec![format!("problem.{}", code_of(p))])),
    );
    let note = PlanNote::PushRelayStaysDisabled {
        key: String::new(),
        would_be: String::new(),
    };
    out.push((json!(note), vec![format!("note.{}", code_of(&note))]));
    out
}

fn catalog() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/locales/en.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_engine_code_has_words_in_the_english_catalog() {
    let catalog = catalog();
    let missing: Vec<String> = expected_keys()
        .into_iter()
        .filter(|k| catalog.get(k).is_none())
        .collect();
    assert_eq!(missing, Vec::<String>::new());
}

#[test]
fn every_placeholder_is_a_field_the_engine_sends() {
    let catalog = catalog();
    for (value, keys) in coded_values() {
        for key in keys {
            let text = catalog[&key].as_str().unwrap_or_default();
            for piece in text.split('{').skip(1) {
                let name = piece.split('}').next().unwrap();
                // {bw.*} is a Bitwarden UI label from the catalog itself, not a field.
                let known = if name.starts_with("bw.") {
                    catalog.get(name).is_some()
                } else {
                    value.get(name).is_some()
                };
                assert!(known, "{key} uses {{{name}}}, but the engine sends {value}");
            }
        }
    }
}
