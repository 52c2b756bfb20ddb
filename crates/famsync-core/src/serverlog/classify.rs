//! Which problem a log entry names. Only lines the api, admin and identity processes really
//! write (a logger call in bitwarden/server, checked at v2025.11.1 and v2026.8.0) are matched;
//! the template and its file are named beside each. Exception texts that are answered as a
//! 400 and never logged ("Version N is not supported.", "Cannot verify license file.", "The
//! installation ID does not match…") and Setup's console output ("Unable to validate
//! installation id…") are not looked for: they never reach these files. Nor is the job's
//! "Skipping Organization sync with cloud - Cloud communication is disabled…" a problem: the
//! job is only scheduled when cloud communication is on (src/Api/Jobs/JobsHostedService.cs)
//! and GlobalSettings is bound once at start, so with it off there is no line at all, not
//! that one (checked at v2025.11.1 and v2026.8.0). job.rs records it on the run all the same.

use super::parse::Level;
use super::Problem;

/// The problem an entry's message names, if any.
pub fn classify(level: Level, m: &str) -> Option<Problem> {
    let between = |start: &str, middle: &str| m.strip_prefix(start).is_some_and(|rest| rest.contains(middle));
    // Api/Jobs/SelfHostedSponsorshipSyncJob.cs, LogError:
    // "Sponsorship sync for organization {OrganizationName} Failed", the exception after it.
    let problem = if m.starts_with("Sponsorship sync for organization ") && m.ends_with(" Failed") {
        Problem::SponsorshipSyncFailed
    // Core/Services/Implementations/BaseIdentityClientService.cs, LogError: "Unsuccessful token
    // response from {identity} for client {clientId} with status {code}-{reason}". Identity
    // answers a wrong id or key (invalid_client) with 400, rendered as the enum's name. Same
    // file, LogInformation "Not requesting a token at …": after a 400, none for a day.
    } else if between("Unsuccessful token response from ", " with status BadRequest-")
        || m.starts_with("Not requesting a token at ")
    {
        Problem::KeyRejected
    // Same file, LogError with the exception after it: "Unable to authenticate with identity
    // server." then "Empty token response from {identity} for client {clientId}"; and
    // "Failed to send to {0}." when the request to the cloud api throws.
    } else if m.starts_with("Unable to authenticate with identity server")
        || m.starts_with("Empty token response from ")
        || m.starts_with("Failed to send to ")
    {
        Problem::CloudUnreachable
    // Core/Billing/Services/Implementations/LicensingService.cs (the api's
    // ValidateOrganizationsJob), LogInformation with BypassFiltersEventId: "Organization {0}
    // ({1}) has an invalid license and is being disabled. Reason: {2}".
    } else if between("Organization ", " has an invalid license and is being disabled") {
        Problem::LicenseNotVerified
    // BaseIdentityClientService.cs, LogError: "Request to {Url} is unsuccessful with status of
    // {Code}-{Reason}: {Message}", "Unsuccessful token response …" with another status, and
    // "Unable to send {Method} request to {RequestUri} because an access token was unable to
    // be obtained"; Core/Jobs/BaseJob.cs "Error performing {0}." names the job.
    } else if between("Request to ", " is unsuccessful with status of ")
        || m.starts_with("Unsuccessful token response from ")
        || between(
            "Unable to send ",
            "because an access token was unable to be obtained",
        )
        || (level >= Level::Error && about_syncing(m))
    {
        Problem::SyncError
    } else {
        return None;
    };
    Some(problem)
}

fn about_syncing(m: &str) -> bool {
    let m = m.to_ascii_lowercase();
    ["sync", "license", "sponsor", "billing"]
        .iter()
        .any(|w| m.contains(w))
}
