//! One call of a generated operation, in one pass: the request the
//! generated builder makes, the bearer token, the SDK's send path, and the
//! answer decoded once, into the documented type or the SDK's [`Error`].

use progenitor_client::Error as GeneratedError;
use reqwest::Request;
use reqwest::header::{AUTHORIZATION, HeaderValue};
use serde::de::DeserializeOwned;

use crate::error::{Error, ErrorKind};
use crate::generated::{Client, ResponseValue};
use crate::operation::Operation;
use crate::telemetry;
use crate::transport::{self, Answer, CopyRequest, MAX_ERROR_BODY, Remake, Resend};

/// Runs operation `O` with the request its builder made (or why it could
/// not make one); a retry sends a copy of that request.
// Unused when no enabled operation sends a body (`tokens` alone).
#[allow(dead_code)]
pub(crate) async fn run<O: Operation>(
    built: Result<(&Client, Request), GeneratedError>,
) -> Result<ResponseValue<O::Output>, Error> {
    send::<O, _>(built, |_| CopyRequest::default()).await
}

/// Runs operation `O`, a builder without a request body, so cheap to copy:
/// a retry's request is made again from it, and a call that needs no retry
/// copies no request.
pub(crate) async fn run_remaking<'a, O: Operation + Clone + 'a>(
    builder: O,
    into_request: fn(O) -> Result<(&'a Client, Request), GeneratedError>,
) -> Result<ResponseValue<O::Output>, Error> {
    let built = into_request(builder.clone());
    send::<O, _>(built, |bearer| {
        // The first attempt's token, as a copy of its request would carry.
        let bearer = bearer.clone();
        Remake(move || {
            let (_, mut request) = into_request(builder.clone()).ok()?;
            request.headers_mut().insert(AUTHORIZATION, bearer.clone());
            Some(request)
        })
    })
    .await
}

/// Sends the request with the bearer token in `O`'s span and decodes the
/// answer; `resend` says where a retry's request comes from, given the
/// token.
async fn send<O: Operation, R: Resend + Send>(
    built: Result<(&Client, Request), GeneratedError>,
    resend: impl FnOnce(&HeaderValue) -> R,
) -> Result<ResponseValue<O::Output>, Error> {
    let (client, mut request) = built.map_err(request_error)?;
    // Before the operation's span: a token request has its own.
    let bearer = client.inner.bearer().await?;
    let resend = resend(&bearer);
    request.headers_mut().insert(AUTHORIZATION, bearer);
    let span = O::span();
    telemetry::describe_request(&span, &request);
    let limits = client.inner.limits();
    let sent =
        transport::send_in_span(&span, &client.client, request, resend, limits, O::NAME).await;
    let attempts = sent.attempts;
    let answer = sent
        .outcome
        .map_err(|error| Error::from_transport(error).with_attempts(attempts))?;
    decode::<O>(answer).map_err(|error| error.with_attempts(attempts))
}

/// Why a success body is not the documented type: serde_json's error, and
/// the JSON path of the field it concerns (`roles[0].id.scope`).
pub(crate) type BodyError = serde_path_to_error::Error<serde_json::Error>;

/// A documented success body as the documented type.
// Unused when no enabled operation answers with a body (`tokens` alone).
#[allow(dead_code)]
pub(crate) fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(body))
}

/// The operation's output from a whole documented success, or the error
/// every other answer is.
fn decode<O: Operation>(answer: Answer) -> Result<ResponseValue<O::Output>, Error> {
    let Answer {
        status,
        headers,
        body,
        broken,
        ..
    } = answer;
    if let Some(cause) = broken {
        return Err(Error::incomplete(status, &headers, body, cause));
    }
    match O::decode(status.as_u16(), &body) {
        Some(Ok(output)) => Ok(ResponseValue::new(output, status, headers)),
        Some(Err(cause)) => {
            // Which field, in the message; what was wrong with it, in the source.
            let path = cause.path().to_string();
            Err(Error::new(
                ErrorKind::Response,
                format!(
                    "the {status} response body is not the type the API documents (at `{path}`)"
                ),
            )
            .with_source(cause.into_inner()))
        }
        None if status.is_success() => {
            // Read whole, as a success; kept only up to the error-body cap.
            let kept = body.slice(..body.len().min(MAX_ERROR_BODY));
            let documented = O::DOCUMENTED_SUCCESS;
            Err(Error::unexpected_success(
                status, &headers, kept, documented,
            ))
        }
        None if status.is_redirection() => Err(Error::redirected(status, &headers, body)),
        None => Err(Error::from_response(status, &headers, body)),
    }
}

/// Why the generated builder could not make the request: a parameter it
/// refused, or a request reqwest could not build.
fn request_error(error: GeneratedError) -> Error {
    match error {
        GeneratedError::InvalidRequest(message) => Error::new(ErrorKind::InvalidRequest, message),
        GeneratedError::CommunicationError(error) => Error::from_transport(error),
        other => Error::new(ErrorKind::InvalidRequest, other.to_string()),
    }
}
