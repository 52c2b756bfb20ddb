//! The progress model's tests: evidence, confirmations and the server's word.

use super::*;

const ORG: &str = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";

/// The progress on the us fixture as if steps 0 to 2 were done.
fn progress_of(record: &Record, token: Option<TokenSeen>) -> Progress {
    let inst = crate::install::open(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/us"),
    )
    .unwrap();
    let mut report = crate::status::current(&inst).unwrap();
    report.env_file.pending_restart = Some(false);
    report.cloud_communication.enabled = true;
    derive(&report, token, record)
}

fn statuses(record: &Record, token: Option<TokenSeen>) -> Vec<(StepId, StepStatus)> {
    let p = progress_of(record, token);
    p.steps.iter().map(|s| (s.id, s.status)).skip(3).collect()
}

#[test]
fn confirmations_count_only_after_the_token_they_follow() {
    let mut r = Record::default();
    use StepStatus::*;
    assert_eq!(statuses(&r, None)[0], (StepId::Token, Todo));
    r.token_saved(ORG, 100);
    r.confirm(StepId::ApplyToken, 200);
    r.confirm(StepId::Sync, 300);
    let s = statuses(&r, Some(TokenSeen::Present));
    assert_eq!(
        s,
        [
            (StepId::Token, Done),
            (StepId::ApplyToken, Done),
            (StepId::Sync, Done),
            (StepId::Done, Done)
        ]
    );
    // The token is rotated: it must be pasted and synced again.
    r.token_saved(ORG, 400);
    let s = statuses(&r, Some(TokenSeen::Present));
    assert_eq!(&s[1..3], [(StepId::ApplyToken, Attention), (StepId::Sync, Done)]);
    r.confirm(StepId::ApplyToken, 500);
    assert_eq!(
        statuses(&r, Some(TokenSeen::Present))[2],
        (StepId::Sync, Attention)
    );
}

#[test]
fn the_servers_word_outranks_a_confirmation_and_the_latest_word_counts() {
    use crate::api::Holds;
    use StepStatus::*;
    let mut r = Record::default();
    r.token_saved(ORG, 100);
    r.confirm(StepId::ApplyToken, 200);
    let steps = |r: &Record| statuses(r, Some(TokenSeen::Present));
    // The owner said it was pasted, but the server holds another token: attention.
    r.saw_server_token(ORG, Holds::OtherToken, 300);
    assert_eq!(steps(&r)[1], (StepId::ApplyToken, Attention));
    // Not confirmed, the same reading is only still to do.
    let mut fresh = r.clone();
    fresh.confirmed.clear();
    assert_eq!(steps(&fresh)[1], (StepId::ApplyToken, Todo));
    r.saw_server_token(ORG, Holds::ThisToken, 400);
    assert_eq!(steps(&r)[1], (StepId::ApplyToken, Done));
    // A failed sync marks step 5, and a later working one clears it.
    r.saw_license_sync(ORG, false, 500);
    assert_eq!(steps(&r)[2], (StepId::Sync, Attention));
    r.saw_license_sync(ORG, true, 600);
    assert_eq!(
        steps(&r)[1..3],
        [(StepId::ApplyToken, Done), (StepId::Sync, Done)]
    );
    // A failure in the same second as other evidence (here the sponsorships' sync):
    // famsync's latest attempt counts.
    let mut tie = r.clone();
    tie.sponsorships_synced_at = Some(600);
    tie.saw_license_sync(ORG, false, 600);
    assert_eq!(steps(&tie)[2], (StepId::Sync, Attention));
    // A reading from before the token was saved again says nothing.
    r.token_saved(ORG, 700);
    assert_eq!(
        steps(&r)[1..3],
        [(StepId::ApplyToken, Attention), (StepId::Sync, Todo)]
    );
}

#[test]
fn sponsorships_the_server_says_synced_after_the_token_was_saved_do_steps_4_and_5() {
    use crate::api::{BillingSync, Holds, OrganizationWord, ServerWord};
    let mut r = Record::default();
    r.token_saved(ORG, 1_700_000_000);
    let word = |synced: &str| ServerWord {
        asked_at: 1_800_000_000,
        server: String::new(),
        user: String::new(),
        cloud_communication: true,
        organization: Some(OrganizationWord {
            id: ORG.into(),
            billing_sync: BillingSync {
                configured: true,
                enabled: true,
                holds: Holds::OtherToken,
                last_license_sync: None,
            },
            sponsorships_synced: Some(synced.into()),
        }),
    };
    // Before the token was saved: says nothing of this token.
    r.saw_word(&word("2023-01-01T00:00:00Z"));
    let p = |r: &Record| statuses(r, Some(TokenSeen::Present))[2];
    assert_eq!(p(&r), (StepId::Sync, StepStatus::Todo));
    // A zone-less time is not guessed at.
    r.saw_word(&word("2030-01-01T00:00:00"));
    assert_eq!(r.sponsorships_synced_at, None);
    r.saw_word(&word("2026-12-01T03:00:00.1234567Z"));
    assert_eq!(p(&r), (StepId::Sync, StepStatus::Done));
    let why = progress_of(&r, Some(TokenSeen::Present)).steps[5].why.clone();
    assert!(matches!(why, Why::SponsorshipsSynced { .. }), "{why:?}");
}

#[test]
fn the_servers_word_on_another_organization_leaves_the_record_alone() {
    let mut r = Record::default();
    r.token_saved(ORG, 100);
    r.confirm(StepId::ApplyToken, 200);
    let other = "00000000-0000-4000-8000-000000000000";
    r.saw_license_sync(other, false, 300);
    r.saw_server_token(other, crate::api::Holds::NoToken, 300);
    assert_eq!(r.organization.as_deref(), Some(ORG));
    assert_eq!((r.license_sync, r.server_token), (None, None));
    assert!(r.confirmed.contains_key(&StepId::ApplyToken));
}

#[test]
fn a_sync_refused_by_the_server_is_seen_and_one_that_got_no_answer_is_not() {
    let mut r = Record::default();
    r.token_saved(ORG, 100);
    let refused: crate::Result<crate::api::Synced> = Err(crate::Error::LicenseSyncFailed {
        organization: ORG.into(),
    });
    r.saw_sync(ORG, &refused, 200);
    assert_eq!(
        r.license_sync,
        Some(SeenSync {
            at: 200,
            synced: false
        })
    );
    let unanswered: crate::Result<crate::api::Synced> = Err(crate::Error::ApiNotSignedIn {
        server: String::new(),
    });
    r.saw_sync(ORG, &unanswered, 300);
    assert_eq!(r.license_sync.map(|s| s.at), Some(200));
}

#[test]
fn another_organization_starts_afresh_and_the_keyring_state_shows() {
    let mut r = Record::default();
    r.token_saved(ORG, 100);
    r.confirm(StepId::ApplyToken, 200);
    r.last_step = Some(StepId::ApplyToken);
    r.choose("00000000-0000-4000-8000-000000000000");
    assert_eq!(r.confirmed.len(), 0);
    assert_eq!(r.last_step, Some(StepId::ApplyToken));
    let s = statuses(&r, Some(TokenSeen::KeyringUnavailable));
    assert_eq!(s[0], (StepId::Token, StepStatus::Attention));
}
