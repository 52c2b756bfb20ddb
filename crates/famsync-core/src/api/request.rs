//! One request to the server's api as a signed-in user, and its answer: 2xx with the body
//! (at most http::MAX_BODY, wiped when dropped: it may hold a key), or the status with Bitwarden's error message
//! (`ErrorResponseModel`, src/Libraries/ExceptionHandling/ErrorResponseModel.cs), named as an
//! error famsync knows where it can.

use super::signin::AccessToken;
use crate::error::{Error, Result};
use crate::http::{self, Http, HttpFailure, Stage};
use serde::Deserialize;
use zeroize::Zeroizing;

/// The server's api, for one signed-in session.
pub struct Api<'a> {
    pub client: &'a Http,
    pub base: &'a str,
    pub token: &'a AccessToken,
}

pub enum Answer {
    Ok(Zeroizing<Vec<u8>>),
    /// Not 2xx: the status and, when the body is Bitwarden's error model, its message.
    Refused {
        status: u16,
        message: Option<String>,
    },
}

#[derive(Deserialize)]
struct ErrorModel {
    message: Option<String>,
}

impl Api<'_> {
    pub async fn get(&self, path: &str) -> Result<Answer> {
        let url = http::endpoint(self.base, path);
        self.answer(&url, self.client.get(&url)).await
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<Answer> {
        let url = http::endpoint(self.base, path);
        self.answer(&url, self.client.request(method, &url).json(body))
            .await
    }

    async fn answer(&self, url: &str, req: reqwest::RequestBuilder) -> Result<Answer> {
        let failed = |e: &reqwest::Error| Error::ServerRequestFailed {
            failure: self.client.failure(e, url),
        };
        let resp = req
            .bearer_auth(self.token.token.expose())
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(|e| failed(&e))?;
        let status = resp.status().as_u16();
        let Some(body) = http::bounded_body(resp).await.map_err(|e| failed(&e))? else {
            return Err(Error::ServerRequestFailed {
                failure: HttpFailure::at(Stage::Body, url, Some(status)),
            });
        };
        if (200..300).contains(&status) {
            return Ok(Answer::Ok(body));
        }
        let message = serde_json::from_slice::<ErrorModel>(&body)
            .ok()
            .and_then(|m| m.message);
        Ok(Answer::Refused { status, message })
    }

    /// A 2xx body as `T`; anything else there is not the server's api answering.
    pub fn json<T: serde::de::DeserializeOwned>(&self, body: &[u8]) -> Result<T> {
        serde_json::from_slice(body).map_err(|_| Error::ServerRequestFailed {
            failure: HttpFailure::at(Stage::Body, self.base, Some(200)),
        })
    }

    /// A refusal as famsync's error, about organization `org` where there is one.
    pub fn refused(&self, answer: Answer, org: Option<&str>) -> Error {
        let Answer::Refused { status, message } = answer else {
            return Error::ServerRequestFailed {
                failure: HttpFailure::at(Stage::Body, self.base, None),
            };
        };
        let server = self.base.to_string();
        let organization = org.unwrap_or_default().to_string();
        match (status, message.as_deref()) {
            // JwtBearer: no token, or one that expired (an hour) or was not issued here.
            (401, _) => Error::ApiNotSignedIn { server },
            // OrganizationConnectionsController: "You do not have permission to …".
            (400, Some(m)) if m.starts_with("You do not have permission") => {
                Error::ApiNotOwner { organization }
            }
            (400, Some("Cannot verify license file.")) => Error::ApiLicenseNotVerified { organization },
            // Bitwarden's own words, shown as the server said them.
            (400, Some(m)) => Error::ApiRefused {
                server,
                message: m.chars().take(300).collect(),
            },
            // A status with no error model: a proxy, a gateway, a server error page.
            (status, _) => Error::ServerRequestFailed {
                failure: HttpFailure::at(Stage::Http, self.base, Some(status)),
            },
        }
    }
}
