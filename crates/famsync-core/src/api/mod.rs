//! The self-hosted server's own API, signed in with the owner's personal API key (never the
//! master password): the key and where it is kept (`key`), the sign-in (`signin`), and signing in to an
//! installation's server and out (`login`). Routes,
//! fields and messages are bitwarden/server v2026.8.0's, each named where it is used.

pub mod connections;
pub mod key;
pub mod license;
pub mod login;
pub mod request;
pub mod signin;
pub mod signins;
pub mod word;

pub use connections::{BillingSync, Holds};
pub use key::{ApiKey, ClientIdReason, KeySlot};
pub use login::{apply_token, kept_key, kept_user, log_in, log_out, resume, sync, Server, Session, Synced};
pub use request::Api;
pub use signin::{sign_in, AccessToken, Device};
pub use signins::{SignIns, SignedIn};
pub use word::{OrganizationWord, ServerWord};
